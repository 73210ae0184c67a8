import { isSecureWebAddress } from '../../src-shared/schemas/fields';
import type { UpdateChannel } from '../../src-shared/schemas/clinic';
import { getClinicSettings } from '../core/clinic';
import type { ReadDb } from '../core/db/open';

/** Where this workstation looks for updates: the clinic's server and the channel it follows. */
export interface UpdateFeed {
  /** An electron-updater "generic" feed: a folder holding latest*.yml (beta*.yml) and the installers. */
  url: string;
  channel: UpdateChannel;
}

/**
 * The update feed from this workstation's settings; null = no updates.
 * Damaged settings mean no update check, not a failed start.
 */
export function readUpdateFeed(db: ReadDb): UpdateFeed | null {
  try {
    const settings = getClinicSettings(db);
    return settings.updateFeedUrl ? { url: settings.updateFeedUrl, channel: settings.updateChannel } : null;
  } catch {
    return null;
  }
}

/**
 * Why the updater will not use `url`, in words for the clinic's administrator;
 * null when it may. An installer is code that will run on the workstation, so
 * it only comes over https — plain http only from this computer itself (a
 * test server). Checked here as well as where the setting is saved, because a
 * settings row may predate the rule.
 */
export function updateFeedProblem(url: string): string | null {
  try {
    new URL(url);
  } catch {
    return 'The update server address is not a web address. Ask your administrator to correct it in the clinic settings.';
  }
  if (isSecureWebAddress(url)) return null;
  return 'Updates are only taken from an https:// update server without a user name or password in its address. Ask your administrator to correct the address in the clinic settings.';
}
