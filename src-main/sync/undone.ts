import type { SyncUndoneDto } from '@shared/domain/sync';
import { parsePulledChange } from '@shared/schemas/hub-changes';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import type { WriteDb, ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { AppError } from '@shared/domain/errors';
import { applyRemoteStaff, reapplyStaffChange, removeLocalStaff, type StaffVersion } from '../core/staff';
import { applyRemoteSetup, type SetupChange } from './apply-setup';
import type { QueuedChange } from './queue';

/**
 * When the clinic hub does not take a staff or set-up change, this desk goes
 * back to the hub's version of that record at once, so what the desk shows
 * (and what a raised role would let someone do here) is what every desk has:
 *
 * - refused for who made it (a receptionist's desk adding a manager, a set-up
 *   change from someone whose role does not include it): the hub's copy is
 *   put back, or a record the hub never took leaves this desk;
 * - a staff change another desk's change overtook (both made on the same
 *   version): the hub's copy, the one that got there first, is put back.
 *
 * Later queued changes of that record go with it (they carry the undone
 * values too), and the manager is told in plain words what was undone and
 * why (`sync_undone`); an overtaken staff change can be made again from
 * there. One transaction with the pusher's answer, audited.
 */
export interface HubCopy {
  snapshot: unknown;
  removed: boolean;
}

export type UndoKind = 'refused' | 'overtaken';

const TYPE_WORDS: Record<string, string> = {
  staff: 'staff member',
  location: 'location',
  room: 'room',
  provider: 'provider',
  appointment_type: 'appointment type',
  opening_hours: 'opening hours',
  hours_override: 'special hours',
  blockout: 'blocked time',
};

const REMOVE_OP: Record<string, string> = { opening_hours: 'opening_hours.remove', hours_override: 'hours_override.remove', blockout: 'blockout.remove' };

export function isUndoable(entityType: string): boolean {
  return entityType in TYPE_WORDS;
}

/** What the change was about, in words: “the provider Dr Smith”, “Rita Reception”. */
function subject(entityType: string, mine: Record<string, unknown>): string {
  const name = typeof mine.name === 'string' ? mine.name : null;
  if (entityType === 'staff') return name ?? 'a staff member';
  return name ? `the ${TYPE_WORDS[entityType]} “${name}”` : `the ${TYPE_WORDS[entityType]}`;
}

function describe(kind: UndoKind, entityType: string, mine: Record<string, unknown>, why: string, gone: boolean, later: number): string {
  const what = subject(entityType, mine);
  const also = later > 0 ? ` ${later === 1 ? 'A later change' : `${later} later changes`} of it made here ${later === 1 ? 'was' : 'were'} undone with it.` : '';
  if (kind === 'overtaken') {
    return `Your change to ${what} was not taken: another desk changed ${entityType === 'staff' ? 'this person' : 'it'} first. This desk now shows the clinic’s version; re-apply your change if it is still wanted.${also}`;
  }
  const back = gone
    ? `${capitalise(what)} was removed from this desk, because the clinic hub never had it.`
    : `This desk shows ${entityType === 'staff' ? 'this person as the clinic hub has them' : 'it as the clinic hub has it'} again.`;
  return `A change to ${what} was undone. The clinic hub refused it: ${why}. ${back}${also}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Puts the hub's copy back (or removes what the hub never had); true when the
 * record now matches the hub. False when the hub's copy is not one this desk
 * can read: the change is then left for a person, as before.
 */
function restore(db: WriteDb, row: QueuedChange, mine: Record<string, unknown>, copy: HubCopy | null, now: number): { ok: boolean; gone: boolean } {
  const type = row.entityType;
  if (type === 'hours_override') {
    // The hub keeps one copy per provider (their latest special day): this day goes back to what that copy says of it, or to none.
    prepared(db, `DELETE FROM hours_overrides WHERE provider_id = ? AND location_id = ? AND date = ?`).run(row.entityId, mine.locationId, mine.date);
    const s = copy?.snapshot as Record<string, unknown> | undefined;
    if (copy && !copy.removed && s?.locationId === mine.locationId && s?.date === mine.date) return setup(db, type, 'hours_override.set', row.entityId, s, now);
    return { ok: true, gone: false };
  }
  if (copy === null) return removeLocal(db, type, row.entityId);
  const op = copy.removed ? REMOVE_OP[type] : type === 'staff' ? 'staff.update' : `${type}.update`;
  if (!op) return removeLocal(db, type, row.entityId);
  if (type === 'staff') {
    const parsed = parsePulledChange(type, op, row.entityId, copy.snapshot);
    if (!parsed.ok || parsed.change.entity !== 'staff') return { ok: false, gone: false };
    applyRemoteStaff(db, parsed.change.record, { force: true });
    return { ok: true, gone: false };
  }
  return setup(db, type, op, row.entityId, copy.snapshot, now);
}

function setup(db: WriteDb, type: string, op: string, id: string, snapshot: unknown, now: number): { ok: boolean; gone: boolean } {
  const parsed = parsePulledChange(type, op, id, snapshot);
  if (!parsed.ok) return { ok: false, gone: false };
  applyRemoteSetup(db, parsed.change as SetupChange, now);
  return { ok: true, gone: false };
}

const TABLES: Record<string, string> = {
  staff: 'staff',
  location: 'locations',
  room: 'rooms',
  provider: 'providers',
  appointment_type: 'appointment_types',
  opening_hours: 'opening_hours',
  blockout: 'blockouts',
};

/** A record the hub never took leaves this desk; one that visits here already use is set inactive instead (where it can be). */
function removeLocal(db: WriteDb, type: string, id: string): { ok: boolean; gone: boolean } {
  if (type === 'staff') {
    removeLocalStaff(db, id);
    return { ok: true, gone: true };
  }
  try {
    inWriteTransaction(db, () => prepared(db, `DELETE FROM ${TABLES[type]!} WHERE id = ?`).run(id));
    return { ok: true, gone: true };
  } catch (e) {
    if (!String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw e;
    if (type === 'location') return { ok: false, gone: false };
    prepared(db, `UPDATE ${TABLES[type]!} SET active = 0 WHERE id = ?`).run(id);
    return { ok: true, gone: false };
  }
}

/**
 * Goes back to the hub's version after the hub did not take `row`; call
 * inside the pusher's transaction. Returns false (nothing changed) when the
 * desk cannot: the caller then leaves the row for a person.
 */
export function goBackToHub(ctx: CoreContext, row: QueuedChange, kind: UndoKind, why: string, copy: HubCopy | null, now: number): boolean {
  const mine = JSON.parse(row.payload) as Record<string, unknown>;
  return inWriteTransaction(ctx.db, () => {
    const done = restore(ctx.db, row, mine, copy, now);
    if (!done.ok) return false;
    // An override's later rows are other days of that provider: each stands on its own.
    const later =
      row.entityType === 'hours_override'
        ? 0
        : prepared(
            ctx.db,
            `UPDATE outbox SET state = 'resolved', last_error = ?, updated_at = ?
              WHERE entity_type = ? AND entity_id = ? AND seq > ? AND state IN ('pending', 'in_flight', 'attention')`,
          ).run('Undone with an earlier change of this record the clinic hub did not take', now, row.entityType, row.entityId, row.seq).changes;
    const message = describe(kind, row.entityType, mine, why, done.gone, later);
    prepared(ctx.db, `UPDATE outbox SET state = 'resolved', last_error = ?, updated_at = ? WHERE seq = ?`).run(message, now, row.seq);
    prepared(
      ctx.db,
      `INSERT INTO sync_undone (entity_type, entity_id, operation, kind, message, mine, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.entityType, row.entityId, row.operation, kind, message, row.payload, now);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'sync.undone',
      entityType: row.entityType,
      entityId: row.entityId,
      details: { operation: row.operation, kind, removed: done.gone, laterChanges: later },
    });
    return true;
  });
}

interface UndoneRow {
  id: number;
  entityType: string;
  entityId: string;
  operation: string;
  kind: UndoKind;
  message: string;
  undoneAt: number;
}

/** True once this desk has undone a change of this record because the hub did not take it. */
export function undoneHere(db: ReadDb, entityType: string, entityId: string): boolean {
  return prepared<number>(db, `SELECT EXISTS (SELECT 1 FROM sync_undone WHERE entity_type = ? AND entity_id = ?)`).pluck().get(entityType, entityId) === 1;
}

/** What was undone and not yet re-applied or dismissed, newest first. */
export function listUndone(db: ReadDb): SyncUndoneDto[] {
  return prepared<UndoneRow>(
    db,
    `SELECT id, entity_type AS entityType, entity_id AS entityId, operation, kind, message, undone_at AS undoneAt
       FROM sync_undone WHERE settled_at IS NULL ORDER BY id DESC`,
  )
    .all()
    .map((r) => ({ ...r, canReapply: r.kind === 'overtaken' && r.entityType === 'staff' }));
}

/** An open undone change with this desk's version of the record, or undefined. */
function openUndone(db: ReadDb, id: number): (UndoneRow & { mine: string }) | undefined {
  return prepared<UndoneRow & { mine: string }>(
    db,
    `SELECT id, entity_type AS entityType, entity_id AS entityId, operation, kind, message, mine, undone_at AS undoneAt
       FROM sync_undone WHERE id = ? AND settled_at IS NULL`,
  ).get(id);
}

/**
 * Settles an undone change: dismissed, or (an overtaken staff change) made
 * again by the signed-in manager on top of the clinic's version, in one
 * transaction. Returns the staff id re-applied, if any.
 */
export function settleUndone(ctx: CoreContext, id: number, as: 'reapplied' | 'dismissed'): string | null {
  const row = openUndone(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'This change is no longer in the list. The list has been refreshed.');
  if (as === 'reapplied' && !(row.kind === 'overtaken' && row.entityType === 'staff')) {
    throw new AppError('CONFLICT', 'Only a staff change another desk overtook can be made again from here. Make this change again by hand if it is still wanted.');
  }
  return inWriteTransaction(ctx.db, () => {
    if (as === 'reapplied') reapplyStaffChange(ctx, JSON.parse(row.mine) as StaffVersion, row.operation);
    prepared(ctx.db, `UPDATE sync_undone SET settled_at = ?, settled_as = ? WHERE id = ? AND settled_at IS NULL`).run(ctx.clock.now(), as, id);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: `sync.undone_${as}`, entityType: row.entityType, entityId: row.entityId, details: { operation: row.operation } });
    return as === 'reapplied' ? row.entityId : null;
  });
}
