export { BackupSettings } from './BackupSettings';
export { BackupWarningBanner } from './BackupWarningBanner';
export { DamagedDatabase } from './DamagedDatabase';
export { RestoreHost } from './RestoreDialog';
