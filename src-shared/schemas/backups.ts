import { z } from 'zod';
import { text } from './fields';

export const MIN_RECOVERY_PASSPHRASE = 12;

export const backupSettingsInput = z.object({
  /** An absolute folder path (USB drive, network share); empty turns backups off. */
  folder: text('backup folder').trim().max(1000),
  time: text('backup time').regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM, for example 19:30.'),
  enabled: z.boolean(),
}).strict();
export type BackupSettingsInput = z.infer<typeof backupSettingsInput>;

export const recoveryPassphraseInput = z.object({
  passphrase: text('recovery passphrase').min(MIN_RECOVERY_PASSPHRASE, `Use at least ${MIN_RECOVERY_PASSPHRASE} characters; a few unrelated words are easy to remember.`).max(500),
}).strict();

export const listBackupsInput = z.object({
  /** Another folder to look in (a backup brought from another computer); the configured one when absent. */
  folder: text('backup folder').trim().min(1).max(1000).optional(),
}).strict();

export const previewRestoreInput = z.object({
  folder: text('backup folder').trim().min(1).max(1000).optional(),
  name: text('backup name').min(1).max(300),
  /** The recovery passphrase; empty tries this desk's own key (a backup this computer made). */
  passphrase: text('recovery passphrase').max(500),
}).strict();

export const restoreInput = z.object({ token: text('restore reference').min(1).max(100) }).strict();
