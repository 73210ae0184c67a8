export { createPatient, updatePatient } from './write';
export { linkFamily, unlinkFamily, householdOf as getPatientHousehold } from './family';
export { mergePatients, undoMerge, patientVisitsEvent, PATIENT_REFERENCES, type MergeResult } from './merge';
export { resolvePatientConflict } from './conflicts';
export { getPatient, getPatientPanel } from './read';
export { searchPatients, type SearchOptions } from './search';
export { parseSearchQuery, type DateOrder, type ParsedSearch } from './search-query';
export { findDuplicateCandidates, type Identity } from './duplicates';
export { nameKeyOf, foldText, wordsOf } from './normalise';
