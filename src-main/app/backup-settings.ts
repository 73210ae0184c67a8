import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { RecoveryKey } from '../core/backup';

/**
 * This desk's backup settings and history, kept in a small file beside the clinic database
 * rather than in it: a damaged database must still tell where its backups are. Holds no
 * patient data and no secret (the recovery key is only the passphrase's public half).
 */
export interface BackupSettings {
  format: 'frontdesk-backups/1';
  folder: string | null;
  time: string;
  enabled: boolean;
  /** When backups were turned on (the two-day warning counts from here until the first good one). */
  enabledAt: number | null;
  recovery: RecoveryKey | null;
  lastGood: { at: number; name: string } | null;
  lastAttempt: { at: number; ok: boolean; error: AppErrorShape | null } | null;
  lastCheck: { at: number; ok: boolean } | null;
}

const DEFAULT_BACKUP_TIME = '19:30';

const EMPTY: BackupSettings = {
  format: 'frontdesk-backups/1',
  folder: null,
  time: DEFAULT_BACKUP_TIME,
  enabled: false,
  enabledAt: null,
  recovery: null,
  lastGood: null,
  lastAttempt: null,
  lastCheck: null,
};

function backupSettingsFileFor(dbFile: string): string {
  return `${dbFile}.backups.json`;
}

export function readBackupSettings(dbFile: string): BackupSettings {
  const file = backupSettingsFileFor(dbFile);
  if (!existsSync(file)) return { ...EMPTY };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BackupSettings>;
    if (parsed.format !== 'frontdesk-backups/1') return { ...EMPTY };
    return { ...EMPTY, ...parsed };
  } catch {
    // A torn or hand-edited file: backups are off until set again; nothing else depends on it.
    return { ...EMPTY };
  }
}

/** Written beside, flushed, renamed: a crash leaves the old settings or the new ones. */
export function writeBackupSettings(dbFile: string, settings: BackupSettings): void {
  const file = backupSettingsFileFor(dbFile);
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
