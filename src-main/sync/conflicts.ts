import type { AppointmentDto, AppointmentSnapshot } from '../../src-shared/domain/booking';
import type { AppointmentId } from '../../src-shared/domain/ids';
import { AppError } from '../../src-shared/domain/errors';
import { resolveConflictInput, type ResolveConflictInput } from '../../src-shared/schemas/sync';
import { recordAudit } from '../core/audit/audit';
import { loadAppointment } from '../core/booking/appointment-store';
import { locationZone } from '../core/booking/location-zone';
import { appointmentPayload, changedEvent } from '../core/booking/record';
import { cancel, reschedule } from '../core/booking';
import type { CoreContext } from '../core/context';
import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import type { AppointmentsChangedEvent } from '../core/events';
import { parseInput } from '../core/validation';
import { applyRemoteAppointment } from './apply-remote';
import { enqueueOutbox } from '../core/outbox';

/**
 * Conflicts: changes the hub refused. The visit stays on this desk,
 * with its patient, until someone at the desk decides: move it to a free time,
 * cancel it, or (when the hub has its own version) keep the hub's. Nothing is
 * dropped silently, and later changes of the visit wait meanwhile.
 */

export interface HubConflict {
  kind: 'overlap' | 'version';
  /** overlap: which constraint refused it. */
  on?: 'provider' | 'room';
  /** overlap: the visit holding the time at the hub (ids and times only, never its patient). */
  competing?: { appointmentId: string; providerId: string; roomId: string | null; startAt: number; endAt: number } | null;
  /** The hub's copy of this visit, or null when the hub never had it. */
  hub: AppointmentSnapshot | null;
}

/** Records (or refreshes) the open conflict of a visit; call inside the pusher's write transaction. */
export function recordConflict(ctx: CoreContext, appointmentId: string, outboxSeq: number, conflict: HubConflict, now: number): void {
  prepared(
    ctx.db,
    `INSERT INTO sync_conflicts (appointment_id, kind, outbox_seq, detail, detected_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (appointment_id) DO UPDATE SET kind = excluded.kind, outbox_seq = excluded.outbox_seq,
       detail = excluded.detail, detected_at = excluded.detected_at, resolved_at = NULL, resolution = NULL`,
  ).run(appointmentId, conflict.kind, outboxSeq, JSON.stringify(conflict), now);
  recordAudit(ctx.db, ctx.actor, now, {
    action: 'sync.conflict',
    entityType: 'appointment',
    entityId: appointmentId,
    details: { kind: conflict.kind, on: conflict.on ?? null, competingId: conflict.competing?.appointmentId ?? null },
  });
}

interface ConflictRow {
  appointmentId: string;
  kind: 'overlap' | 'version';
  detail: string;
  detectedAt: number;
}

/** The visit's unsettled conflict, if it has one. */
export function openConflict(db: ReadDb, appointmentId: string): ConflictRow | undefined {
  return prepared<ConflictRow>(
    db,
    `SELECT appointment_id AS appointmentId, kind, detail, detected_at AS detectedAt FROM sync_conflicts WHERE appointment_id = ? AND resolved_at IS NULL`,
  ).get(appointmentId);
}

/**
 * Settles a conflict. Every path is one local transaction: the visit's
 * change, its unsent outbox rows set aside, and (unless the hub's version is
 * kept) one fresh change based on the hub's copy, so it goes out next.
 */
export function resolveConflict(ctx: CoreContext, input: ResolveConflictInput): AppointmentDto {
  const v = parseInput(resolveConflictInput, input);
  const id = v.appointmentId as AppointmentId;
  const pending: AppointmentsChangedEvent[] = [];
  const result = inWriteTransaction(ctx.db, () => {
    const row = openConflict(ctx.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'This conflict has already been resolved. The schedule shows the visit as it is now.');
    const detail = JSON.parse(row.detail) as HubConflict;
    const now = ctx.clock.now();
    let after: AppointmentDto;
    let resolution: 'rebooked' | 'cancelled' | 'kept-hub';
    if (v.action === 'keep-hub') {
      if (!detail.hub) throw new AppError('INVALID_TRANSITION', 'The hub never had this visit. Move it to a free time or cancel it.');
      setAsideUnsent(ctx.db, id, now);
      pending.push(applyRemoteAppointment(ctx.db, detail.hub, now));
      after = loadAppointment(ctx.db, id);
      resolution = 'kept-hub';
    } else {
      const changed =
        v.action === 'rebook'
          ? reschedule(ctx, { id, providerId: v.providerId, startAt: v.startAt })
          : cancel(ctx, { id, reason: v.reason });
      setAsideUnsent(ctx.db, id, now);
      after = rebaseOnHub(ctx, changed, detail.hub, now);
      resolution = v.action === 'rebook' ? 'rebooked' : 'cancelled';
    }
    prepared(ctx.db, `UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE appointment_id = ?`).run(now, resolution, id);
    recordAudit(ctx.db, ctx.actor, now, { action: 'sync.conflict_resolved', entityType: 'appointment', entityId: id, details: { resolution } });
    return after;
  });
  for (const e of pending) ctx.events.emit('appointments/changed', e);
  return result;
}

/** The visit's unsent rows will not go out: they described changes the hub refused. */
function setAsideUnsent(db: WriteDb, appointmentId: string, now: number): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'resolved', last_error = 'Replaced when the conflict was resolved', updated_at = ?
      WHERE entity_type = 'appointment' AND entity_id = ? AND state IN ('pending', 'in_flight', 'attention')`,
  ).run(now, appointmentId);
}

/**
 * One change carrying the visit as the desk now has it, based on the hub's
 * version (0 when the hub never had it). The local version moves past the
 * hub's so later changes stay in step on every desk.
 */
function rebaseOnHub(ctx: CoreContext, a: AppointmentDto, hub: AppointmentSnapshot | null, now: number): AppointmentDto {
  const hubVersion = hub?.version ?? 0;
  const version = Math.max(a.version, hubVersion + 1);
  prepared(ctx.db, `UPDATE appointments SET version = ? WHERE id = ?`).run(version, a.id);
  const after = { ...a, version };
  enqueueOutbox(ctx.db, now, { entityType: 'appointment', entityId: a.id, operation: 'appointment.resolve', payload: appointmentPayload(after, hubVersion) });
  return after;
}

/**
 * Online, a refused booking is answered at once (one success, one
 * clear error): the visit the hub never took is removed from this desk, a
 * refused change of a visit the hub has is replaced by the hub's version.
 */
export function undoRefusedChange(ctx: CoreContext, appointmentId: AppointmentId): void {
  const event = inWriteTransaction(ctx.db, (): AppointmentsChangedEvent | null => {
    const row = openConflict(ctx.db, appointmentId);
    if (!row) return null;
    const detail = JSON.parse(row.detail) as HubConflict;
    const now = ctx.clock.now();
    setAsideUnsent(ctx.db, appointmentId, now);
    let changed: AppointmentsChangedEvent;
    if (detail.hub) {
      changed = applyRemoteAppointment(ctx.db, detail.hub, now);
    } else {
      const gone = loadAppointment(ctx.db, appointmentId);
      prepared(ctx.db, `DELETE FROM reminders WHERE appointment_id = ?`).run(appointmentId);
      prepared(ctx.db, `DELETE FROM appointments WHERE id = ?`).run(appointmentId);
      changed = changedEvent('appointment.cancel', [{ a: gone, zone: locationZone(ctx.db, gone.locationId) }]);
    }
    prepared(ctx.db, `UPDATE sync_conflicts SET resolved_at = ?, resolution = 'rejected-online' WHERE appointment_id = ?`).run(now, appointmentId);
    recordAudit(ctx.db, ctx.actor, now, { action: 'sync.refused_online', entityType: 'appointment', entityId: appointmentId, details: { kind: row.kind } });
    return changed;
  });
  if (event) ctx.events.emit('appointments/changed', event);
}
