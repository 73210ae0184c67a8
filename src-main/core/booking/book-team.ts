import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId } from '@shared/domain/ids';
import { bookTeamInput, type BookTeamInput } from '@shared/schemas/booking';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { armReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { bookedAppointment, insertAppointment } from './appointment-store';
import { placeVisit, type Placement } from './guard';
import { changedEvent, recordAppointmentChange } from './record';

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
    const placements: Placement[] = v.providerIds.map((providerId, i) =>
      placeVisit(ctx.db, {
        patientId: v.patientId,
        providerId,
        locationId: v.locationId,
        typeId: v.typeId,
        startAt: v.startAt,
        ...(v.durationMin !== undefined ? { durationMin: v.durationMin } : {}),
        room: i > 0 ? { kind: 'none' } : v.roomId === undefined ? { kind: 'auto' } : { kind: 'exact', roomId: v.roomId },
        ...(v.override ? { override: v.override } : {}),
        now,
        bookingGraceMin: settings.bookingGraceMin,
      }),
    );
    const appointments = placements.map((placed, i) =>
      bookedAppointment(
        {
          id: i === 0 ? teamId : newId<AppointmentId>(),
          patientId: v.patientId,
          providerId: v.providerIds[i]!,
          locationId: v.locationId,
          typeId: v.typeId,
          note: v.note,
          teamId,
          roomId: placed.roomId,
          startAt: placed.startAt,
          endAt: placed.endAt,
          busyStartAt: placed.busyStartAt,
          busyEndAt: placed.busyEndAt,
        },
        now,
      ),
    );
    appointments.forEach((appointment, i) => {
      insertAppointment(ctx.db, appointment);
      if (i === 0) armReminders(ctx.db, appointment.id, appointment.startAt, settings.reminderOffsetsMin, now);
      const overridden = placements[i]!.overridden;
      recordAppointmentChange(ctx, now, 'appointment.book', appointment, {
        ...(v.override ? { override: { reason: v.override.reason, rules: overridden } } : {}),
      });
    });
    const zone = placements[0]!.zone;
    return { appointments, event: changedEvent('appointment.book', appointments.map((a) => ({ a, zone }))) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointments;
}
