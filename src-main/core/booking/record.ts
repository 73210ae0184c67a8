import { RELEASED_STATUSES, type AppointmentDto, type AppointmentSnapshot } from '@shared/domain/booking';
import type { OpenedTime } from '@shared/domain/waitlist';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { AppointmentsChangedEvent } from '../events';
import { instantToLocalDate } from '../slots/zone-day';
import { enqueueOutbox } from '../outbox';
import type { GuardRule } from './guard';

export type AppointmentOperation =
  | 'appointment.book'
  | 'appointment.reschedule'
  | 'appointment.cancel'
  | 'appointment.confirm'
  | 'appointment.check_in'
  | 'appointment.seat'
  | 'appointment.complete'
  | 'appointment.no_show'
  | 'appointment.undo';

/**
 * What the clinic hub learns about a visit: the whole visit as this desk now
 * holds it, and the version it changed (the hub refuses the change if its
 * copy moved on meanwhile). The hub is the clinic's shared schedule, so the
 * private note and cancellation reason travel with it; nothing here goes to a
 * provider's calendar or a reminder channel (those get neutral text).
 */
export function appointmentPayload(a: AppointmentDto, baseVersion = a.version - 1): AppointmentSnapshot {
  return { ...a, baseVersion };
}

export interface ChangeFacts {
  /** The visit before the change (reschedule and status changes). */
  before?: AppointmentDto;
  override?: { reason: string; rules: GuardRule[] };
  /** The change kind the clinic hub knows it by, when the audit names it differently (an undo). */
  syncedAs?: AppointmentOperation;
  /** More facts for the audit row (ids and times only). */
  extra?: Record<string, unknown>;
}

/** The audit row and the outbox row of an appointment change; call inside its transaction. */
export function recordAppointmentChange(
  ctx: CoreContext,
  at: number,
  operation: AppointmentOperation,
  after: AppointmentDto,
  facts: ChangeFacts = {},
): void {
  const details: Record<string, unknown> = {
    status: after.status,
    version: after.version,
    providerId: after.providerId,
    locationId: after.locationId,
    roomId: after.roomId,
    startAt: after.startAt,
    endAt: after.endAt,
  };
  if (after.arrivedAt !== null) details.arrivedAt = after.arrivedAt;
  if (after.seatedAt !== null) details.seatedAt = after.seatedAt;
  if (after.doneAt !== null) details.doneAt = after.doneAt;
  if (facts.before) {
    details.previous = {
      status: facts.before.status,
      providerId: facts.before.providerId,
      locationId: facts.before.locationId,
      roomId: facts.before.roomId,
      startAt: facts.before.startAt,
      endAt: facts.before.endAt,
    };
  }
  // Only an override that was needed is recorded: it is the reason the guard let the visit through.
  if (facts.override && facts.override.rules.length > 0) details.override = facts.override;
  if (facts.extra) Object.assign(details, facts.extra);
  recordAudit(ctx.db, ctx.actor, at, { action: operation, entityType: 'appointment', entityId: after.id, details });
  enqueueOutbox(ctx.db, at, {
    entityType: 'appointment',
    entityId: after.id,
    operation: facts.syncedAs ?? operation,
    payload: appointmentPayload(after),
  });
}

/** The push event for a change: the local dates (location zone) of every version of the visit involved. */
export function changedEvent(
  operation: AppointmentOperation,
  versions: ReadonlyArray<{ a: AppointmentDto; zone: string }>,
): AppointmentsChangedEvent {
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const released = releasedTime(operation, versions.map((v) => v.a));
  return {
    operation,
    appointmentIds: uniq(versions.map((v) => v.a.id)),
    providerIds: uniq(versions.map((v) => v.a.providerId)),
    locationIds: uniq(versions.map((v) => v.a.locationId)),
    dates: uniq(
      versions.flatMap((v) => [instantToLocalDate(v.zone, v.a.startAt), instantToLocalDate(v.zone, v.a.endAt - 1)]),
    ).sort(),
    ...(released.length > 0 ? { released } : {}),
  };
}

const isLive = (a: AppointmentDto): boolean => !RELEASED_STATUSES.includes(a.status);

/**
 * The time a change gave back, from the versions of each visit it names: a
 * live visit's busy time when its newest version is cancelled or a no-show,
 * or when the visit moved (another provider or start). A visit seen only in
 * its new, released version gives back that time when the change was its
 * cancellation or no-show (not a visit first seen already cancelled).
 */
function releasedTime(operation: string, versions: readonly AppointmentDto[]): OpenedTime[] {
  const releasing = operation === 'appointment.cancel' || operation === 'appointment.no_show';
  const byId = new Map<string, { oldest: AppointmentDto; newest: AppointmentDto }>();
  for (const a of versions) {
    const seen = byId.get(a.id);
    if (!seen) byId.set(a.id, { oldest: a, newest: a });
    else {
      if (a.version < seen.oldest.version) seen.oldest = a;
      if (a.version > seen.newest.version) seen.newest = a;
    }
  }
  const out: OpenedTime[] = [];
  for (const { oldest, newest } of byId.values()) {
    const gone = !isLive(newest) && (oldest === newest ? releasing : isLive(oldest));
    const moved = oldest !== newest && isLive(oldest) && isLive(newest) &&
      (oldest.providerId !== newest.providerId || oldest.startAt !== newest.startAt || oldest.endAt !== newest.endAt);
    if (gone || moved) out.push({ providerId: oldest.providerId, locationId: oldest.locationId, startAt: oldest.startAt, endAt: oldest.endAt });
  }
  return out;
}
