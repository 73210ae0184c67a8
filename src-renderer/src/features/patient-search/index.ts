/** Patient search (top bar) and the patient panel (side slot). */
export { PatientSearchBox } from './PatientSearchBox';
export { PatientSide } from './PatientPanel';
export { openPanel, patientPanel, usePatientSearch } from './patient-search-store';
export { patientSearch, type PatientSearch } from './patient-search-query';
export { useSearchField } from './use-search-field';
