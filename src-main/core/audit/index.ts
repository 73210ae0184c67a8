export { recordAudit } from './audit';
export type { ChainedFields } from './chain';
export { queryAudit, patientAccess } from './query';
export { verifyAuditChain } from './verify';
export { auditCsvChunk } from './export-csv';
export { auditSchedulePrint, auditSearch, auditScheduleView } from './reads';
