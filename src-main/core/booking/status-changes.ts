import type { AppointmentDto, AppointmentStatus } from '@shared/domain/booking';
import type { AppError } from '@shared/domain/errors';
import { cancelInput, statusChangeInput, type CancelInput, type StatusChangeInput } from '@shared/schemas/booking';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { cancelReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { loadAppointment, loadTeam, updateAppointment } from './appointment-store';
import { invalidTransition, versionConflict } from './errors';
import { locationZone } from './location-zone';
import { changedEvent, recordAppointmentChange, type AppointmentOperation } from './record';
import { canTransition } from './transitions';

/** Cancels a visit, keeping the reason on the visit (private: not audited, not sent upstream). */
export function cancel(ctx: CoreContext, input: CancelInput): AppointmentDto {
  const v = parseInput(cancelInput, input);
  return changeStatus(ctx, v, { to: 'cancelled', action: 'cancel', operation: 'appointment.cancel', cancelReason: v.reason });
}

/** The patient confirmed they will come. */
export function confirm(ctx: CoreContext, input: StatusChangeInput): AppointmentDto {
  return changeStatus(ctx, parseInput(statusChangeInput, input), {
    to: 'confirmed',
    action: 'confirm',
    operation: 'appointment.confirm',
  });
}

/** The patient has arrived: the arrival time is stamped. Pending reminders are cancelled: the patient is here. */
export function checkIn(ctx: CoreContext, input: StatusChangeInput): AppointmentDto {
  return changeStatus(ctx, parseInput(statusChangeInput, input), {
    to: 'checked_in',
    action: 'check in',
    operation: 'appointment.check_in',
    stamp: 'arrivedAt',
  });
}

/**
 * The patient was taken from the waiting room to the provider. The visit stays
 * checked in (seated is a stage of an arrived visit, not a status of its own);
 * only an arrived visit not yet seated can be seated.
 */
export function seat(ctx: CoreContext, input: StatusChangeInput): AppointmentDto {
  return changeStatus(ctx, parseInput(statusChangeInput, input), {
    to: 'checked_in',
    action: 'seat',
    operation: 'appointment.seat',
    stamp: 'seatedAt',
    applies: (a) => a.status === 'checked_in' && a.seatedAt === null,
    refusal: (a) =>
      a.status === 'checked_in'
        ? invalidTransition(a.id, a.status, 'seat', 'This patient is already seated.')
        : a.status === 'booked' || a.status === 'confirmed'
          ? invalidTransition(a.id, a.status, 'seat', 'Check the patient in before seating them.')
          : invalidTransition(a.id, a.status, 'seat'),
  });
}

/** The visit is done (from the waiting room or the chair): the time is stamped. */
export function complete(ctx: CoreContext, input: StatusChangeInput): AppointmentDto {
  return changeStatus(ctx, parseInput(statusChangeInput, input), {
    to: 'completed',
    action: 'complete',
    operation: 'appointment.complete',
    stamp: 'doneAt',
  });
}

/** The patient did not come. Only once the visit's start time has passed. */
export function markNoShow(ctx: CoreContext, input: StatusChangeInput): AppointmentDto {
  return changeStatus(ctx, parseInput(statusChangeInput, input), {
    to: 'no_show',
    action: 'mark as a no-show',
    operation: 'appointment.no_show',
  });
}

interface StatusChange {
  to: AppointmentStatus;
  /** For the message, e.g. "You can't check in an appointment that is cancelled." */
  action: string;
  operation: AppointmentOperation;
  cancelReason?: string;
  /** The moment of the change is kept on the visit in this field. */
  stamp?: 'arrivedAt' | 'seatedAt' | 'doneAt';
  /** Whether the change applies to the visit as it is (default: the life cycle allows the new status). */
  applies?: (a: AppointmentDto) => boolean;
  /** The refusal when it does not apply (default: "You can't … an appointment that is …"). */
  refusal?: (a: AppointmentDto) => AppError;
}

/** Reminders stop when the visit is off or the patient has arrived. */
const STOPS_REMINDERS: readonly AppointmentStatus[] = ['cancelled', 'no_show', 'checked_in', 'completed'];

function changeStatus(
  ctx: CoreContext,
  v: { id: AppointmentDto['id']; expectedVersion?: number | undefined },
  change: StatusChange,
): AppointmentDto {
  const { appointment, event } = inWriteTransaction(ctx.db, () => {
    const { appointment, versions } = statusChangeWithin(ctx, v, change, ctx.clock.now());
    return { appointment, event: changedEvent(change.operation, versions) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointment;
}

/** Cancels a visit inside the caller's write transaction (several visits in one change, e.g. a series). */
export function cancelWithin(ctx: CoreContext, id: AppointmentDto['id'], reason: string, now: number): ChangedVisits {
  return statusChangeWithin(ctx, { id }, { to: 'cancelled', action: 'cancel', operation: 'appointment.cancel', cancelReason: reason }, now);
}

/** The visit changed and every version involved, for the caller's change event. */
export interface ChangedVisits {
  appointment: AppointmentDto;
  versions: Array<{ a: AppointmentDto; zone: string }>;
}

/** One status change inside the caller's write transaction; the caller emits the change event after commit. */
function statusChangeWithin(
  ctx: CoreContext,
  v: { id: AppointmentDto['id']; expectedVersion?: number | undefined },
  change: StatusChange,
  now: number,
): ChangedVisits {
  const before = loadAppointment(ctx.db, v.id);
  if (v.expectedVersion !== undefined && v.expectedVersion !== before.version) {
    throw versionConflict(before.id, v.expectedVersion, before.version);
  }
  const applies = change.applies ?? ((a: AppointmentDto) => canTransition(a.status, change.to));
  if (!applies(before)) throw change.refusal?.(before) ?? invalidTransition(before.id, before.status, change.action);
  if (change.to === 'no_show' && now < before.startAt) {
    throw invalidTransition(
      before.id,
      before.status,
      change.action,
      'A visit can be marked as a no-show only once its start time has passed.',
    );
  }
  // A care-team visit is one visit for the patient: its other live appointments change with it.
  const others =
    before.teamId === null
      ? []
      : loadTeam(ctx.db, before.teamId).filter((m) => m.id !== before.id && applies(m));
  const versions: Array<{ a: AppointmentDto; zone: string }> = [];
  let appointment: AppointmentDto | null = null;
  for (const member of [before, ...others]) {
    const after: AppointmentDto = {
      ...member,
      status: change.to,
      cancelReason: change.cancelReason ?? member.cancelReason,
      ...(change.stamp ? { [change.stamp]: now } : {}),
      version: member.version + 1,
      updatedAt: now,
    };
    updateAppointment(ctx.db, after, member.version);
    if (STOPS_REMINDERS.includes(change.to)) cancelReminders(ctx.db, after.id, now);
    recordAppointmentChange(ctx, now, change.operation, after, { before: member });
    versions.push({ a: after, zone: locationZone(ctx.db, after.locationId) });
    appointment ??= after;
  }
  return { appointment: appointment!, versions };
}
