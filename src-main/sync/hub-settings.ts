import { hubConnectionInput, type HubConnection } from '../../src-shared/schemas/sync';
import { readSetting, writeSetting } from '../core/clinic/settings';
import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { reviewSecret, unwrapSecret, wrapSecret } from '../core/secrets/wrapped-secrets';

/**
 * This workstation's hub connection, in its own `settings` row (not a clinic
 * setting: each desk may reach the hub by a different address). The row
 * keeps the address without its password and the password apart, wrapped by
 * the OS keychain (core/secrets); it never goes back to the renderer.
 */
export const HUB_CONNECTION_KEY = 'hubConnection';

interface StoredHubConnection {
  /** Without the password (older rows: with it, until reviewStoredHubSecret). */
  url: string;
  /** The URL's password as written in it (percent-encoded), wrapped; absent in rows saved before wrapping. */
  password?: string | null;
  [setting: string]: unknown;
}

function readStored(db: ReadDb): StoredHubConnection | null {
  const stored = readSetting(db, HUB_CONNECTION_KEY);
  if (typeof stored !== 'object' || stored === null || typeof (stored as { url?: unknown }).url !== 'string') return null;
  return stored as StoredHubConnection;
}

export function readHubConnection(db: ReadDb): HubConnection | null {
  const stored = readStored(db);
  if (!stored) return null;
  const { password, ...settings } = stored;
  const parsed = hubConnectionInput.safeParse(settings);
  if (!parsed.success || parsed.data.url === '') return null;
  if (typeof password !== 'string') return parsed.data;
  const url = new URL(parsed.data.url);
  url.password = unwrapSecret(db, password);
  return { ...parsed.data, url: url.toString() };
}

export function writeHubConnection(db: WriteDb, conn: HubConnection): void {
  let password: string | null = null;
  let url = conn.url;
  if (url !== '') {
    const u = new URL(url);
    if (u.password !== '') password = wrapSecret(db, u.password);
    u.password = '';
    url = u.toString();
  }
  writeSetting(db, HUB_CONNECTION_KEY, { ...conn, url, password });
}

/** The hub password after opening the database (core/secrets reviewSecret); returns what was done. */
export function reviewStoredHubSecret(db: WriteDb): 'kept' | 'rewritten' | 'dropped' {
  const stored = readStored(db);
  if (!stored) return 'kept';
  if (stored.password === undefined) {
    // Saved before wrapping: the password is still in the address.
    if (!passwordInUrl(stored.url)) return 'kept';
    const conn = readHubConnection(db);
    if (!conn) return 'kept';
    writeHubConnection(db, conn);
    return 'rewritten';
  }
  if (typeof stored.password !== 'string') return 'kept';
  const review = reviewSecret(db, stored.password);
  if (review.action === 'keep') return 'kept';
  writeSetting(db, HUB_CONNECTION_KEY, { ...stored, password: review.action === 'drop' ? null : review.stored });
  return review.action === 'drop' ? 'dropped' : 'rewritten';
}

function passwordInUrl(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
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
