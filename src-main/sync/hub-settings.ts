import { hubConnectionInput, type HubConnection } from '../../src-shared/schemas/sync';
import { readSetting, writeSetting } from '../core/clinic/settings';
import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';

/**
 * This workstation's hub connection, in its own `settings` row (not a clinic
 * setting: each desk may reach the hub by a different address). The password
 * is part of the URL; it never goes back to the renderer.
 */
export const HUB_CONNECTION_KEY = 'hubConnection';

export function readHubConnection(db: ReadDb): HubConnection | null {
  const stored = readSetting(db, HUB_CONNECTION_KEY);
  if (stored === undefined) return null;
  const parsed = hubConnectionInput.safeParse(stored);
  if (!parsed.success || parsed.data.url === '') return null;
  return parsed.data;
}

export function writeHubConnection(db: WriteDb, conn: HubConnection): void {
  writeSetting(db, HUB_CONNECTION_KEY, conn);
}

/** What stands for the stored password in the address shown back (ASCII, so the URL stays readable). */
export const HUB_PASSWORD_MASK = '********';

/** The address without its password, for the settings screen and the log. */
export function redactHubUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = HUB_PASSWORD_MASK;
    return u.toString();
  } catch {
    return '(not a valid address)';
  }
}

/** Sync bookkeeping (pull cursor, hub identity, offline-since), one row per key. */
export function readSyncState(db: ReadDb, key: string): string | null {
  return prepared<string>(db, `SELECT value FROM sync_state WHERE key = ?`).pluck().get(key) ?? null;
}

export function writeSyncState(db: WriteDb, key: string, value: string | null): void {
  if (value === null) prepared(db, `DELETE FROM sync_state WHERE key = ?`).run(key);
  else prepared(db, `INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value);
}
