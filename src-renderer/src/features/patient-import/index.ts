/** Patient import from a CSV file. */
export { PatientImport } from './PatientImport';
