import type { AppHandlers } from './context';

/** Backups and restore (src-main/app/backups.ts); the manager check is the service's. */
export const backupHandlers: AppHandlers<'backups'> = {
  'backups/get-status': (_input, { services }) => services.backups.status(),
  'backups/update-settings': (input, { services }) => services.backups.updateSettings(input),
  'backups/set-passphrase': (input, { services }) => services.backups.setPassphrase(input.passphrase),
  'backups/run-now': (_input, { services }) => services.backups.runNow('manual'),
  'backups/list': (input, { services }) => services.backups.list(input.folder),
  'backups/preview-restore': (input, { services }) => services.backups.preview(input),
  'backups/restore': (input, { services }) => services.backups.restore(input),
  'backups/rebuild-from-hub': (_input, { services }) => services.backups.rebuildFromHub(),
};
