import type { AppErrorShape } from './errors';
import type { EpochMs } from './ids';

/** Why a backup was made: on its schedule, by the manager, or to keep the state before a risky step. */
export type BackupReason = 'scheduled' | 'manual' | 'before-migration' | 'before-import' | 'before-restore';

/** One backup file in the backup folder (read from its trailer; nothing is decrypted). */
export interface BackupFileDto {
  name: string;
  createdAt: EpochMs;
  reason: BackupReason;
  bytes: number;
  appVersion: string;
  /** Made by this desk (others may share the folder); only this desk's files are rotated. */
  thisDesk: boolean;
}

/** What the schedule shows as a warning: no good backup for two days, or the folder cannot be reached. */
export interface BackupWarning {
  kind: 'not-set-up' | 'stale' | 'unreachable' | 'failed';
  message: string;
}

export interface BackupStatusDto {
  /** The backup folder (a USB drive, a network share); null until chosen. */
  folder: string | null;
  /** Daily backup time, local wall clock of the clinic ("HH:MM"). */
  time: string;
  enabled: boolean;
  passphraseSet: boolean;
  lastGood: { at: EpochMs; name: string } | null;
  lastAttempt: { at: EpochMs; ok: boolean; error: AppErrorShape | null } | null;
  /** The next scheduled backup; null when backups are off or not set up. */
  nextAt: EpochMs | null;
  running: boolean;
  keep: { daily: number; weekly: number; monthly: number };
  /** The last database check (quick_check) and whether it found the file sound. */
  lastCheck: { at: EpochMs; ok: boolean } | null;
  warning: BackupWarning | null;
}

/** What a backup holds, shown before restoring it. */
export interface BackupPreviewDto {
  /** Hands the opened, checked copy to 'backups/restore'. */
  token: string;
  name: string;
  createdAt: EpochMs;
  reason: BackupReason;
  appVersion: string;
  patients: number;
  /** Visits (appointments) of any status. */
  appointments: number;
  /** The newest change it holds (a visit, a patient or an audit entry). */
  lastChangeAt: EpochMs | null;
  /** True when it was made by another computer (moving a desk). */
  otherDesk: boolean;
}

/** What a restore or a rebuild left behind, for the manager. */
export interface RestoreOutcomeDto {
  /** The database that was replaced, kept beside the new one (not deleted). */
  keptAside: string | null;
  /** A clinic hub is connected: the desk now pulls what changed since the backup and re-sends what the hub lacks. */
  resyncing: boolean;
}

