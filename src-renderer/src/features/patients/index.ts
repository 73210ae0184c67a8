/** The patient record: its panel section (alert, address, insurance, family, conflicts, undo merge) and the edit and merge dialogs. */
export { PatientRecord } from './PatientRecord';
export { PatientDialogs } from './PatientDialogs';
