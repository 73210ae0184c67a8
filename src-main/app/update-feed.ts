import { isSecureWebAddress } from '../../src-shared/schemas/fields';
import { getClinicSettings } from '../core/clinic';
import type { ReadDb } from '../core/db/open';

/**
 * The clinic's update server, an electron-updater "generic" feed (a folder
 * holding latest.yml and the installers), from the clinic settings;
 * null = no updates. Damaged settings mean no update check, not a failed start,
 * and so does an address that is not secure (plain http to another computer,
 * saved by an older version): what it serves would be installed.
 */
export function readUpdateFeedUrl(db: ReadDb): string | null {
  try {
    const url = getClinicSettings(db).updateFeedUrl;
    return url !== null && isSecureWebAddress(url) ? url : null;
  } catch {
    return null;
  }
}
