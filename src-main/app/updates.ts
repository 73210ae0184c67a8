import type { UpdateStatus } from '../../src-shared/domain/app';
import { AppError } from '../../src-shared/domain/errors';

/**
 * What the IPC layer may ask of the updater. The Electron app implements it
 * with electron-updater (src-main/platform/updater.ts); the web host has no
 * installer and says so.
 */
export interface UpdateControl {
  status(): UpdateStatus;
  /** Quits and installs a downloaded update; throws AppError when it must not. */
  restartToUpdate(): void;
}

export function updatesNotAvailableHere(message: string): UpdateControl {
  return {
    status: () => ({ state: 'unsupported', version: null, percent: null, message }),
    restartToUpdate() {
      throw new AppError('FORBIDDEN', message);
    },
  };
}
