import type { StaffId } from '@shared/domain/ids';
import type { StaffRole } from '@shared/domain/permissions';
import type { SecretKind, StaffDto } from '@shared/domain/staff';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { AppError } from '@shared/domain/errors';
import { isVerifier, type Verifier } from './verifier';
import { NO_WRONG_TRIES, type WrongTries } from './lockout';

export interface StaffRow {
  id: StaffId;
  name: string;
  role: StaffRole;
  active: 0 | 1;
  secret_kind: SecretKind;
  verifier: string;
  created_at: number;
  updated_at: number;
  deactivated_at: number | null;
  version: number;
}

const SELECT = `SELECT id, name, role, active, secret_kind, verifier, created_at, updated_at, deactivated_at, version FROM staff`;

/** "Pick yourself" must never be ambiguous: names compare without case, width or spacing differences. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/gu, ' ').trim();
}

export function findStaff(db: ReadDb, id: string): StaffRow | undefined {
  return prepared<StaffRow>(db, `${SELECT} WHERE id = ?`).get(id);
}

export function loadStaff(db: ReadDb, id: string): StaffRow {
  const row = findStaff(db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That staff member is not on this desk. Reload the list and try again.');
  return row;
}

export function allStaff(db: ReadDb): StaffRow[] {
  return prepared<StaffRow>(db, `${SELECT} ORDER BY active DESC, name_key, id`).all();
}

/** False on a desk whose staff list is still empty (a new clinic, or one being rebuilt from the hub). */
export function hasStaff(db: ReadDb): boolean {
  return prepared<number>(db, `SELECT EXISTS (SELECT 1 FROM staff)`).pluck().get() === 1;
}

export function activeManagerCount(db: ReadDb): number {
  return prepared<number>(db, `SELECT count(*) FROM staff WHERE active = 1 AND role = 'manager'`).pluck().get() ?? 0;
}

export function verifierOf(row: StaffRow): Verifier {
  const v: unknown = JSON.parse(row.verifier);
  if (!isVerifier(v)) throw new Error('stored staff verifier is not readable');
  return v;
}

export function wrongTriesOf(db: ReadDb, staffId: string): WrongTries {
  const t = prepared<{ wrong_in_a_row: number; waits: number; retry_at: number | null }>(
    db,
    `SELECT wrong_in_a_row, waits, retry_at FROM staff_sign_in_tries WHERE staff_id = ?`,
  ).get(staffId);
  return t ? { wrongInARow: t.wrong_in_a_row, waits: t.waits, retryAt: t.retry_at } : NO_WRONG_TRIES;
}

export function toStaffDto(row: StaffRow, tries: WrongTries, now: number, awaitingHub = false): StaffDto {
  const { id, name, role, active, secretKind, createdAt, deactivatedAt } = staffFields(row);
  return {
    id,
    name,
    role,
    active,
    secretKind,
    createdAt,
    deactivatedAt,
    retryAt: tries.retryAt !== null && tries.retryAt > now ? tries.retryAt : null,
    awaitingHub,
  };
}

function staffFields(row: StaffRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    secretKind: row.secret_kind,
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
  };
}

/** What the clinic hub carries so the person can sign in at every desk: the verifier, never the secret. */
export function staffPayload(row: StaffRow): Record<string, unknown> {
  return { ...staffFields(row), verifier: JSON.parse(row.verifier) as unknown, updatedAt: row.updated_at, version: row.version };
}

/** People with a change made here that the clinic hub has not answered yet. */
export function staffAwaitingHub(db: ReadDb): Set<string> {
  return new Set(prepared<string>(db, `SELECT DISTINCT entity_id FROM outbox WHERE entity_type = 'staff' AND state IN ('pending', 'in_flight')`).pluck().all());
}
