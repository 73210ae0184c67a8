export { recordAudit } from './audit';
export { queryAudit, patientAccess } from './query';
export { verifyAuditChain } from './verify';
export { auditCsvChunk } from './export-csv';
export { auditSearch, auditScheduleView } from './reads';
