export { createPatient, updatePatient } from './write';
export { getPatient, getPatientPanel } from './read';
export { searchPatients } from './search';
export { parseSearchQuery } from './search-query';
