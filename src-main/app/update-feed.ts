import type { ReadDb } from '../core/db/open';

/**
 * The clinic's update server, an electron-updater "generic" feed (a folder
 * holding latest.yml and the installers). Stored as the `updateFeedUrl`
 * settings row (JSON string) by whoever administers the clinic; absent or not
 * http(s) = no updates.
 */
export const UPDATE_FEED_SETTING = 'updateFeedUrl';

export function readUpdateFeedUrl(db: ReadDb): string | null {
  const row = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`).get(UPDATE_FEED_SETTING);
  if (!row) return null;
  try {
    const value: unknown = JSON.parse(row.value);
    if (typeof value !== 'string') return null;
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
