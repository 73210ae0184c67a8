import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { isVerifier } from './verifier';
import { nameKey } from './rows';
import { forgetDemoPin } from './demo-pins';

/**
 * A staff row another desk changed, as the clinic hub carries it (the payload
 * of `staffPayload`): applied when newer than what this desk has, so a person
 * added or reset at one desk signs in at every desk. Wrong-try counts stay per
 * desk. Two desks that each added a same-named person while apart keep both:
 * the later one gets its id's last characters after its name on this desk, so
 * "pick yourself" stays unambiguous.
 */
export interface RemoteStaff {
  id: string;
  name: string;
  role: 'reception' | 'manager';
  active: boolean;
  secretKind: 'pin' | 'passphrase';
  verifier: unknown;
  createdAt: number;
  updatedAt: number;
  deactivatedAt: number | null;
  version: number;
}

export function applyRemoteStaff(db: WriteDb, p: RemoteStaff, opts: { force?: boolean } = {}): boolean {
  if (!isVerifier(p.verifier) || (p.role !== 'reception' && p.role !== 'manager')) return false;
  const local = prepared<number>(db, `SELECT version FROM staff WHERE id = ?`).pluck().get(p.id);
  // Forced: the hub's copy replaces a local change the hub did not take, though the desk counted past it.
  if (local !== undefined && local >= p.version && !opts.force) return false;
  const taken =
    p.active &&
    prepared<string>(db, `SELECT id FROM staff WHERE active = 1 AND name_key = ? AND id <> ?`).pluck().get(nameKey(p.name), p.id) !== undefined;
  const name = taken ? `${p.name} (${p.id.slice(-4)})` : p.name;
  prepared(
    db,
    `INSERT INTO staff (id, name, name_key, role, active, secret_kind, verifier, created_at, updated_at, deactivated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, role = excluded.role, active = excluded.active,
       secret_kind = excluded.secret_kind, verifier = excluded.verifier, updated_at = excluded.updated_at,
       deactivated_at = excluded.deactivated_at, version = excluded.version`,
  ).run(
    p.id,
    name,
    nameKey(name),
    p.role,
    p.active ? 1 : 0,
    p.secretKind,
    JSON.stringify(p.verifier),
    p.createdAt,
    p.updatedAt,
    p.deactivatedAt,
    p.version,
  );
  return true;
}

/**
 * A person this desk added that the hub never took (the hub refused who
 * added them): they leave this desk, with their wrong-try counts, so they
 * can sign in nowhere.
 */
export function removeLocalStaff(db: WriteDb, id: string): void {
  prepared(db, `DELETE FROM staff WHERE id = ?`).run(id);
  forgetDemoPin(db, id);
}
