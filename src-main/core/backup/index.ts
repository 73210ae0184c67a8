export { writeBackup, removeStalePartials, backupFileName, assertFolderReachable, type WriteBackupOptions } from './write';
export { listBackups, backupPath, unlockBackup, inspectBackup, extractForDesk, type UnlockedBackup, type BackupContents } from './read';
export { createRecoveryKey, passphraseMatches, type RecoveryKey } from './recovery';
export { backupsToRemove, DEFAULT_ROTATION, type RotationPolicy } from './rotation';
export { backupDue, nextBackupAt, STALE_AFTER_MS } from './schedule';
export { readTrailer, BACKUP_EXTENSION } from './container';
export { quickCheck, openKeyed } from './sqlite-files';
