export { recordAudit, type AuditEntry } from './audit';
export { queryAudit, patientAccess } from './query';
export { verifyAuditChain } from './verify';
export { auditCsvChunk } from './export-csv';
export { auditSchedulePrint, auditSearch, auditScheduleView, REPEAT_VIEW_MS } from './reads';
