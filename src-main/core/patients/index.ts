export { createPatient, updatePatient } from './write';
export { linkFamily, unlinkFamily, householdOf as getPatientHousehold } from './family';
export { mergePatients, undoMerge, patientVisitsEvent, PATIENT_REFERENCES, type MergeResult } from './merge';
export { resolvePatientConflict } from './conflicts';
export { getPatient, getPatientPanel } from './read';
export { searchPatients } from './search';
export { parseSearchQuery } from './search-query';
