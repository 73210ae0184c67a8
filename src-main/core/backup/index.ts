export { writeBackup, removeStalePartials, assertFolderReachable } from './write';
export { listBackups, backupPath, unlockBackup, inspectBackup, extractForDesk, type UnlockedBackup, type BackupContents } from './read';
export { createRecoveryKey, passphraseMatches, type RecoveryKey } from './recovery';
export { backupsToRemove, DEFAULT_ROTATION } from './rotation';
export { backupDue, nextBackupAt, STALE_AFTER_MS } from './schedule';
export { readTrailer } from './container';
export { quickCheck, openKeyed } from './sqlite-files';
