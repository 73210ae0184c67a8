import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId } from '@shared/domain/ids';
import { bookTeamInput, type BookTeamInput } from '@shared/schemas/booking';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { placeRequested, roomAsked, writeBooked } from './book';
import { changedEvent } from './record';

/**
 * Books a care-team visit: one appointment per provider at the same time, in
 * one IMMEDIATE transaction — every provider passes the guard or nothing is
 * written (the first refusal is the error, e.g. SLOT_TAKEN naming that
 * provider). The lead (first provider) gets the room and the reminders: the
 * patient comes once and hears about it once. All share the lead's id as teamId.
 */
export function bookTeam(ctx: CoreContext, input: BookTeamInput): AppointmentDto[] {
  const v = parseInput(bookTeamInput, input);
  const { appointments, event } = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const settings = getClinicSettings(ctx.db);
    const teamId = newId<AppointmentId>();
    // Every provider passes the guard before anything is written.
    const placements = v.providerIds.map((providerId, i) =>
      placeRequested(ctx, v, providerId, i > 0 ? { kind: 'none' } : roomAsked(v.roomId), now, settings),
    );
    const appointments = placements.map((placed, i) =>
      writeBooked(
        ctx,
        v,
        placed,
        { id: i === 0 ? teamId : newId<AppointmentId>(), providerId: v.providerIds[i]!, teamId },
        now,
        i === 0 ? settings.reminderOffsetsMin : null,
      ),
    );
    const zone = placements[0]!.zone;
    return { appointments, event: changedEvent('appointment.book', appointments.map((a) => ({ a, zone }))) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointments;
}
