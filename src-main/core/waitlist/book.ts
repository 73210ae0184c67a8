import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId } from '@shared/domain/ids';
import type { WaitlistEntryDto, WaitlistEntryId } from '@shared/domain/waitlist';
import { bookFromWaitlistInput, type BookFromWaitlistInput } from '@shared/schemas/waitlist';
import { bookWithin } from '../booking/book';
import { changedEvent } from '../booking/record';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { parseInput } from '../validation';
import { announceEntries, loadOpenEntry, recordEntryChange } from './entries';
import { findEntry, writeEntry } from './rows';

/**
 * Books the entry's patient for the entry's type at a chosen time, through
 * the booking guard, and closes the entry with the visit — one transaction:
 * both happen or neither. A time taken meanwhile is the guard's SLOT_TAKEN
 * and the entry stays open.
 */
export function bookFromWaitlist(ctx: CoreContext, input: BookFromWaitlistInput): { appointment: AppointmentDto; entry: WaitlistEntryDto } {
  const v = parseInput(bookFromWaitlistInput, input);
  const { appointment, entry, event } = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const before = loadOpenEntry(ctx.db, v.id, v.expectedVersion);
    const { appointment, zone } = bookWithin(
      ctx,
      {
        patientId: before.patientId,
        providerId: v.providerId,
        locationId: v.locationId,
        typeId: before.typeId,
        startAt: v.startAt,
        ...(v.roomId !== undefined ? { roomId: v.roomId } : {}),
        note: before.note,
      },
      now,
      getClinicSettings(ctx.db),
    );
    const entry: WaitlistEntryDto = { ...before, status: 'booked', appointmentId: appointment.id, version: before.version + 1, updatedAt: now };
    writeEntry(ctx.db, entry);
    recordEntryChange(ctx, now, 'waitlist_entry.book', entry);
    return { appointment, entry, event: changedEvent('appointment.book', [{ a: appointment, zone }]) };
  });
  ctx.events.emit('appointments/changed', event);
  announceEntries(ctx, [entry.id]);
  return { appointment, entry };
}

/**
 * The clinic hub refused the visit booked from this entry (another desk took
 * the time a moment earlier) and the desk removed it: the patient is waiting
 * again. Nothing happens when the entry has moved on meanwhile.
 */
export function reopenAfterRefusal(ctx: CoreContext, id: WaitlistEntryId, appointmentId: AppointmentId): void {
  const reopened = inWriteTransaction(ctx.db, () => {
    const cur = findEntry(ctx.db, id);
    if (!cur || cur.status !== 'booked' || cur.appointmentId !== appointmentId) return false;
    const now = ctx.clock.now();
    const entry: WaitlistEntryDto = { ...cur, status: 'open', appointmentId: null, version: cur.version + 1, updatedAt: now };
    writeEntry(ctx.db, entry);
    recordEntryChange(ctx, now, 'waitlist_entry.reopen', entry);
    return true;
  });
  if (reopened) announceEntries(ctx, [id]);
}
