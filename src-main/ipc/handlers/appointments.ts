import { auditScheduleView } from '../../core/audit';
import * as booking from '../../core/booking';
import type { AppointmentDto } from '@shared/domain/booking';
import type { AppServices } from '../../app/services';
import type { AppHandlers } from './context';

/**
 * With a clinic hub reachable, a change is answered only after the hub took
 * it: two desks tapping the same slot get one success and one SLOT_TAKEN
 * (src-main/sync/engine.ts confirmUpstream). Offline, the local change stands.
 */
async function confirmed(services: AppServices, a: AppointmentDto): Promise<AppointmentDto> {
  await services.sync.confirmUpstream([a.id]);
  return a;
}

/** The booking service: every change runs its guard in one write transaction, then pushes `appointments/changed`. */
export const appointmentHandlers: AppHandlers<'appointments'> = {
  // Schedule reads name patients: audited with their location and range (core/audit/reads.ts).
  'appointments/list-in-range': (input, { services }) => {
    const ctx = services.core();
    const list = booking.listAppointmentsInRange(ctx.db, input);
    auditScheduleView(ctx, { view: 'range-list', locationId: input.locationId ?? null, from: input.from, to: input.to });
    return list;
  },
  'appointments/list-for-day': (input, { services }) => {
    const ctx = services.core();
    const list = booking.listForDay(ctx.db, input);
    auditScheduleView(ctx, { view: 'day-list', locationId: input.locationId, date: input.date });
    return list;
  },
  'appointments/get': (input, { services }) => booking.getAppointment(services.core().db, input),
  'appointments/book': (input, { services }) => confirmed(services, booking.book(services.core(), input)),
  'appointments/book-team': async (input, { services }) => {
    const team = booking.bookTeam(services.core(), input);
    await services.sync.confirmUpstream(team.map((a) => a.id));
    return team;
  },
  'appointments/reschedule': (input, { services }) => confirmed(services, booking.reschedule(services.core(), input)),
  'appointments/cancel': (input, { services }) => confirmed(services, booking.cancel(services.core(), input)),
  'appointments/confirm': (input, { services }) => confirmed(services, booking.confirm(services.core(), input)),
  'appointments/check-in': (input, { services }) => confirmed(services, booking.checkIn(services.core(), input)),
  'appointments/seat': (input, { services }) => confirmed(services, booking.seat(services.core(), input)),
  'appointments/complete': (input, { services }) => confirmed(services, booking.complete(services.core(), input)),
  'appointments/waiting-room': (input, { services }) => {
    const ctx = services.core();
    const room = booking.waitingRoom(ctx.db, ctx.clock.now(), input);
    auditScheduleView(ctx, { view: 'waiting-room', locationId: room.locationId, date: room.date });
    return room;
  },
  'appointments/mark-no-show': (input, { services }) => confirmed(services, booking.markNoShow(services.core(), input)),
  'appointments/undo': (input, { services }) => confirmed(services, booking.undoChange(services.core(), input)),
};
