import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, bookTeam, cancel, checkIn, getAppointment, reschedule } from '@main/core/booking';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { BookTeamInput } from '@shared/schemas/booking';
import { buildClinic, localInstant, rowCounts, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const tue = (time: string) => localInstant('2025-03-04', time);
const team = (over: Partial<BookTeamInput> = {}): BookTeamInput => ({
  patientId: f.patients.ann,
  providerIds: [f.providers.smith.id, f.providers.jones.id],
  locationId: f.main.id,
  typeId: f.types.cleaning.id,
  startAt: tue('09:00'),
  ...over,
});
const remindersOf = (id: string) => t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(id);

describe('care-team visits', () => {
  it('books one appointment per provider at the same time; the lead holds the room and the reminders', () => {
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    const before = rowCounts(t.db);
    const [lead, member] = bookTeam(f.ctx, team());
    off();
    expect(lead).toMatchObject({ providerId: f.providers.smith.id, roomId: f.rooms.op1.id, teamId: lead!.id, startAt: tue('09:00'), endAt: tue('09:45') });
    expect(member).toMatchObject({ providerId: f.providers.jones.id, roomId: null, teamId: lead!.id, startAt: tue('09:00'), endAt: tue('09:45') });
    expect(remindersOf(lead!.id)).toBe(2);
    expect(remindersOf(member!.id)).toBe(0);
    expect(rowCounts(t.db)).toEqual({
      appointments: before.appointments + 2,
      reminders: before.reminders + 2,
      audit: before.audit + 2,
      outbox: before.outbox + 2,
    });
    const payload = JSON.parse(t.db.prepare(`SELECT payload FROM outbox WHERE entity_id = ?`).pluck().get(member!.id) as string);
    expect(payload.teamId).toBe(lead!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.appointmentIds).toEqual([lead!.id, member!.id]);
  });

  it('writes nothing when one provider of the team is taken, and names that provider', () => {
    book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('09:30') });
    const before = rowCounts(t.db);
    const err = expectAppError(() => bookTeam(f.ctx, team()), 'SLOT_TAKEN');
    expect(err.details).toMatchObject({ providerId: f.providers.jones.id });
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('refuses a team with a provider twice or a single provider, with a clear message', () => {
    const before = rowCounts(t.db);
    const twice = expectAppError(() => bookTeam(f.ctx, team({ providerIds: [f.providers.smith.id, f.providers.smith.id] })), 'VALIDATION');
    expect(twice.message).toContain('only once');
    expectAppError(() => bookTeam(f.ctx, team({ providerIds: [f.providers.smith.id] })), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('refuses a provider who cannot perform the type, atomically', () => {
    const before = rowCounts(t.db);
    expectAppError(() => bookTeam(f.ctx, team({ typeId: f.types.surgery.id })), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('moves the whole team when one of its appointments is moved; reminders stay with the lead', () => {
    const [lead, member] = bookTeam(f.ctx, team());
    const moved = reschedule(f.ctx, { id: member!.id, startAt: tue('14:00') });
    expect(moved).toMatchObject({ id: member!.id, startAt: tue('14:00'), roomId: null });
    const lead2 = getAppointment(t.db, { id: lead!.id });
    expect(lead2).toMatchObject({ startAt: tue('14:00'), roomId: f.rooms.op1.id, version: 2 });
    expect(remindersOf(lead!.id)).toBe(2);
    expect(remindersOf(member!.id)).toBe(0);
  });

  it('keeps the whole team where it was when one provider is not free at the new time', () => {
    const [lead, member] = bookTeam(f.ctx, team());
    book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('14:00') });
    expectAppError(() => reschedule(f.ctx, { id: member!.id, startAt: tue('14:00') }), 'SLOT_TAKEN');
    expect(getAppointment(t.db, { id: lead!.id }).startAt).toBe(tue('09:00'));
    expect(getAppointment(t.db, { id: member!.id }).startAt).toBe(tue('09:00'));
  });

  it('cancels and checks in the team as one visit', () => {
    const [lead, member] = bookTeam(f.ctx, team());
    checkIn(f.ctx, { id: member!.id });
    expect(getAppointment(t.db, { id: lead!.id }).status).toBe('checked_in');
    const [lead2, member2] = bookTeam(f.ctx, team({ startAt: tue('14:00') }));
    cancel(f.ctx, { id: lead2!.id, reason: 'Patient called' });
    expect(getAppointment(t.db, { id: member2!.id })).toMatchObject({ status: 'cancelled', cancelReason: 'Patient called' });
    expect(remindersOf(lead2!.id)).toBe(0);
  });
});
