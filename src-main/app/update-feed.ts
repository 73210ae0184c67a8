import { getClinicSettings } from '../core/clinic';
import type { ReadDb } from '../core/db/open';

/**
 * The clinic's update server, an electron-updater "generic" feed (a folder
 * holding latest.yml and the installers), from the clinic settings;
 * null = no updates. Damaged settings mean no update check, not a failed start.
 */
export function readUpdateFeedUrl(db: ReadDb): string | null {
  try {
    return getClinicSettings(db).updateFeedUrl;
  } catch {
    return null;
  }
}
