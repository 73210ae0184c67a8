/** Patient search (top bar) and the patient panel (side slot). */
export { PatientSearchBox } from './PatientSearchBox';
export { PatientPanel, PatientSide } from './PatientPanel';
export { usePatientSearch } from './patient-search-store';
