/** The manager's audit viewer and the "Access history" of a patient's panel. */
export { AuditSection } from './AuditSection';
export { AccessHistory } from './AccessHistory';
export { AuditHubLine } from './HubCopy';
