/** Patient search (top bar) and the patient panel (side slot). */
export { PatientSearchBox } from './PatientSearchBox';
export { PatientSide } from './PatientPanel';
export { openPanel, usePatientSearch } from './patient-search-store';
export { patientSearch } from './patient-search-query';
