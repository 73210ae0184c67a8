import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, markNoShow } from '@main/core/booking';
import {
  addOpeningHours,
  createBlockout,
  createProvider,
  createRoom,
  setHoursOverride,
  updateAppointmentType,
  updateClinicSettings,
} from '@main/core/clinic';
import { newId } from '@main/core/ids';
import type { BookInput } from '@shared/schemas/booking';
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
const input = (over: Partial<BookInput> = {}): BookInput => ({
  patientId: f.patients.ann,
  providerId: f.providers.smith.id,
  locationId: f.main.id,
  typeId: f.types.checkup.id,
  startAt: tue('09:00'),
  ...over,
});

/** Asserts that `fn` fails with `code` and leaves every table a booking touches as it was. */
function refused(fn: () => unknown, code: Parameters<typeof expectAppError>[1]) {
  const before = rowCounts(t.db);
  const e = expectAppError(fn, code);
  expect(rowCounts(t.db)).toEqual(before);
  return e;
}

describe('(a) the provider is free → SLOT_TAKEN', () => {
  it('refuses an overlapping visit and names the visit it clashes with', () => {
    const first = book(f.ctx, input());
    const e = refused(() => book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('09:15') })), 'SLOT_TAKEN');
    expect(e.details).toEqual({
      providerId: f.providers.smith.id,
      conflictingAppointmentId: first.id,
      cause: { kind: 'overlap', other: { startAt: tue('09:00'), endAt: tue('09:30'), typeName: 'Checkup' } },
    });
    expect(e.message).toBe('Dr. Smith already has the 9:00 AM Checkup (until 9:30 AM) at this time. Choose another time.');
    refused(() => book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('08:45'), override: { reason: 'squeeze in' } })), 'SLOT_TAKEN');
  });

  it('lets back-to-back visits touch ([start, end) is half-open)', () => {
    book(f.ctx, input());
    expect(book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('09:30') })).startAt).toBe(tue('09:30'));
    expect(book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('10:00'), providerId: f.providers.jones.id })).status).toBe('booked');
  });

  it('counts buffers: a visit may not start inside the previous one\u2019s clean-up time', () => {
    // Cleaning 09:00-09:45 keeps Smith busy 08:55-09:55.
    book(f.ctx, input({ typeId: f.types.cleaning.id }));
    // The refusal names the rule and the visit in the way, not just "a visit at this time".
    const afterIt = refused(() => book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('09:45') })), 'SLOT_TAKEN');
    expect(afterIt.message).toBe('Dr. Smith needs 10 min clean-up after the 9:00 AM Cleaning. Choose another time.');
    const beforeIt = refused(() => book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('08:30') })), 'SLOT_TAKEN'); // 08:30-09:00 vs 08:55
    expect(beforeIt.message).toBe('Dr. Smith needs 5 min preparation before the 9:00 AM Cleaning. Choose another time.');
    expect(beforeIt.details).toMatchObject({ cause: { kind: 'gap', otherIsBefore: false, cleanUpMin: 0, preparationMin: 5 } });
    expect(book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('09:55') })).startAt).toBe(tue('09:55'));
    // A cleaning right after a checkup needs 5 minutes before it.
    book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('10:30') })); // 10:30-11:00
    const own = refused(() => book(f.ctx, input({ patientId: f.patients.ann, typeId: f.types.cleaning.id, startAt: tue('11:00') })), 'SLOT_TAKEN');
    expect(own.message).toBe('Dr. Smith needs 5 min preparation before this visit; the 10:30 AM Checkup ends at 11:00 AM. Choose another time.');
    expect(book(f.ctx, input({ typeId: f.types.cleaning.id, startAt: tue('11:05'), durationMin: 30 })).busyEndAt).toBe(tue('11:45'));
  });

  it('frees the time of cancelled visits and no-shows', () => {
    const a = book(f.ctx, input());
    cancel(f.ctx, { id: a.id, reason: 'ill' });
    const b = book(f.ctx, input({ patientId: f.patients.bob }));
    f.ctx.clock.set(tue('09:20'));
    markNoShow(f.ctx, { id: b.id });
    expect(book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('09:25') })).status).toBe('booked');
  });

  it('applies across locations: a provider is in one place at a time', () => {
    setHoursOverride(f.ctx, { providerId: f.providers.jones.id, locationId: f.uptown.id, date: '2025-03-04', intervals: [{ startMin: 0, endMin: 1440 }] });
    const main = book(f.ctx, input({ providerId: f.providers.jones.id }));
    const e = refused(
      () => book(f.ctx, input({ providerId: f.providers.jones.id, locationId: f.uptown.id, patientId: f.patients.bob })),
      'SLOT_TAKEN',
    );
    expect(e.details).toMatchObject({ conflictingAppointmentId: main.id });
  });
});

describe('(b) the room is free → ROOM_TAKEN', () => {
  it('picks the first free eligible room by name, then the next, then gives up', () => {
    const third = createProvider(f.ctx, { name: 'Dr. Third', colour: '#123456', zone: 'America/New_York' });
    addOpeningHours(f.ctx, { providerId: third.id, locationId: f.main.id, weekday: 2, startMin: 540, endMin: 1020, effectiveFrom: '2025-01-01' });
    updateAppointmentType(f.ctx, { id: f.types.cleaning.id, providerIds: [f.providers.smith.id, f.providers.jones.id, third.id] });
    createRoom(f.ctx, { locationId: f.main.id, name: 'Op 0', active: false });

    const one = book(f.ctx, input({ typeId: f.types.cleaning.id }));
    const two = book(f.ctx, input({ typeId: f.types.cleaning.id, providerId: f.providers.jones.id, patientId: f.patients.bob }));
    expect([one.roomId, two.roomId]).toEqual([f.rooms.op1.id, f.rooms.op2.id]); // inactive rooms are skipped
    const byThird = (time: string) => input({ typeId: f.types.cleaning.id, providerId: third.id, patientId: f.patients.cyd, startAt: tue(time) });
    const e = refused(() => book(f.ctx, byThird('09:00')), 'ROOM_TAKEN');
    expect(e.details).toEqual({ locationId: f.main.id, typeId: f.types.cleaning.id, candidateRoomIds: [f.rooms.op1.id, f.rooms.op2.id] });
    // Room buffers count too: Op 1 and Op 2 stay busy until 09:55, so 09:50 (busy from 09:45) does not fit.
    refused(() => book(f.ctx, byThird('09:50')), 'ROOM_TAKEN');
    expect(book(f.ctx, byThird('10:00')).roomId).toBe(f.rooms.op1.id);
  });

  it('refuses an explicitly chosen room that is taken, and gives none to types that need none', () => {
    const cleaning = book(f.ctx, input({ typeId: f.types.cleaning.id }));
    const e = refused(
      () => book(f.ctx, input({ providerId: f.providers.jones.id, patientId: f.patients.bob, roomId: f.rooms.op1.id, startAt: tue('09:30') })),
      'ROOM_TAKEN',
    );
    expect(e.details).toMatchObject({ roomId: f.rooms.op1.id, conflictingAppointmentId: cleaning.id });
    expect(e.message).toBe('Op 1 already has the 9:00 AM Cleaning (until 9:45 AM) at this time. Choose another room or time.');
    refused(
      () =>
        book(f.ctx, input({ providerId: f.providers.jones.id, patientId: f.patients.bob, roomId: f.rooms.op1.id, startAt: tue('09:30'), override: { reason: 'urgent' } })),
      'ROOM_TAKEN',
    );
    expect(book(f.ctx, input({ providerId: f.providers.jones.id, patientId: f.patients.bob, startAt: tue('09:30') })).roomId).toBeNull();
    expect(book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('10:00'), roomId: f.rooms.op2.id })).roomId).toBe(f.rooms.op2.id);
  });

  it('keeps types to their own rooms and rooms to their location', () => {
    expect(book(f.ctx, input({ typeId: f.types.surgery.id })).roomId).toBe(f.rooms.op2.id);
    refused(() => book(f.ctx, input({ typeId: f.types.surgery.id, startAt: tue('10:00'), roomId: f.rooms.op1.id })), 'VALIDATION');
    refused(() => book(f.ctx, input({ startAt: tue('10:00'), roomId: f.rooms.uptown1.id })), 'VALIDATION');
    refused(() => book(f.ctx, input({ startAt: tue('10:00'), roomId: f.rooms.op9.id })), 'VALIDATION');
    const e = refused(() => book(f.ctx, input({ typeId: f.types.surgery.id, startAt: tue('09:00'), providerId: f.providers.smith.id, patientId: f.patients.bob })), 'SLOT_TAKEN');
    expect(e.code).toBe('SLOT_TAKEN');
    // Surgery's only room is at Main: at Uptown no room can host it.
    updateAppointmentType(f.ctx, { id: f.types.surgery.id, providerIds: [f.providers.jones.id] });
    const sat = localInstant('2025-03-08', '10:00', 'America/Chicago');
    const none = refused(
      () => book(f.ctx, input({ typeId: f.types.surgery.id, providerId: f.providers.jones.id, locationId: f.uptown.id, startAt: sat })),
      'ROOM_TAKEN',
    );
    expect(none.details).toMatchObject({ candidateRoomIds: [] });
    expect(none.message).toMatch(/No room at this location/);
  });
});

describe('(c) inside opening hours → OUTSIDE_HOURS, overridable', () => {
  it.each([
    ['before opening', '08:30', undefined],
    ['running into lunch', '11:45', undefined],
    ['over lunch', '12:00', undefined],
    ['running past closing', '16:45', undefined],
    ['a long visit across lunch', '11:00', 180],
  ])('refuses a visit %s', (_what, time, durationMin) => {
    const e = refused(
      () => book(f.ctx, input({ startAt: tue(time), ...(durationMin ? { durationMin } : {}) })),
      'OUTSIDE_HOURS',
    );
    expect(e.details).toMatchObject({ providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue(time) });
    // Worded as "why not" words it, advising only what the desk can do (it has no exception booking).
    expect(e.message).toBe('Dr. Smith is not working for the whole visit at this time. Choose another time.');
  });

  it('accepts visits that end exactly at closing, and ignores buffers for the hours', () => {
    expect(book(f.ctx, input({ startAt: tue('16:30') })).endAt).toBe(tue('17:00'));
    // Cleaning at 09:00 is busy from 08:55 but the visit itself is within hours.
    expect(book(f.ctx, input({ typeId: f.types.cleaning.id, providerId: f.providers.jones.id })).startAt).toBe(tue('09:00'));
  });

  it('follows date overrides (closed day, special hours) and hours at the right location', () => {
    setHoursOverride(f.ctx, { providerId: f.providers.smith.id, locationId: f.main.id, date: '2025-03-04', intervals: [] });
    setHoursOverride(f.ctx, { providerId: f.providers.smith.id, locationId: f.main.id, date: '2025-03-08', intervals: [{ startMin: 600, endMin: 660 }] });
    refused(() => book(f.ctx, input()), 'OUTSIDE_HOURS');
    const sat = (time: string) => localInstant('2025-03-08', time);
    expect(book(f.ctx, input({ startAt: sat('10:30') })).startAt).toBe(sat('10:30'));
    refused(() => book(f.ctx, input({ startAt: sat('11:00') })), 'OUTSIDE_HOURS');
    // Smith has no hours at Uptown at all.
    refused(() => book(f.ctx, input({ locationId: f.uptown.id, startAt: localInstant('2025-03-08', '10:00', 'America/Chicago') })), 'OUTSIDE_HOURS');
  });

  it('lets an explicit override through and records its reason in the audit trail only', () => {
    const a = book(f.ctx, input({ startAt: tue('07:30'), override: { reason: 'Emergency before opening' } }));
    const details = JSON.parse(
      t.db.prepare(`SELECT details FROM audit_log WHERE entity_id = ?`).pluck().get(a.id) as string,
    ) as Record<string, unknown>;
    expect(details.override).toEqual({ reason: 'Emergency before opening', rules: ['OUTSIDE_HOURS'] });
    const payload = t.db.prepare(`SELECT payload FROM outbox WHERE entity_id = ?`).pluck().get(a.id) as string;
    expect(payload).not.toMatch(/Emergency/);
    // An override that was not needed is not recorded as one.
    const b = book(f.ctx, input({ startAt: tue('10:00'), override: { reason: 'just in case' } }));
    const bDetails = JSON.parse(t.db.prepare(`SELECT details FROM audit_log WHERE entity_id = ?`).pluck().get(b.id) as string) as Record<string, unknown>;
    expect(bDetails.override).toBeUndefined();
  });
});

describe('(d) no blockout or external busy time → BLOCKED, overridable', () => {
  it('refuses a provider blockout overlapping the busy span (buffers included)', () => {
    const meeting = createBlockout(f.ctx, { providerId: f.providers.smith.id, startAt: tue('10:00'), endAt: tue('10:30'), reason: 'Staff meeting' });
    const e = refused(() => book(f.ctx, input({ startAt: tue('10:15') })), 'BLOCKED');
    expect(e.details).toEqual({ blockoutId: meeting.id, providerId: f.providers.smith.id });
    expect(e.message).toBe('Dr. Smith is blocked out at this time. Choose another time.');
    expect(JSON.stringify(e)).not.toMatch(/Staff/);
    // Cleaning 10:35-11:20 is busy from 10:30: touching is fine; 10:30 start is busy from 10:25: blocked.
    expect(book(f.ctx, input({ typeId: f.types.cleaning.id, startAt: tue('10:35') })).busyStartAt).toBe(tue('10:30'));
    refused(() => book(f.ctx, input({ patientId: f.patients.bob, typeId: f.types.cleaning.id, startAt: tue('09:00'), durationMin: 80 })), 'BLOCKED');
    expect(book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('10:00'), durationMin: 25, override: { reason: 'Meeting moved' } })).startAt).toBe(tue('10:00'));
  });

  it('refuses a blocked room, and auto-picks around room blockouts', () => {
    const repair = createBlockout(f.ctx, { roomId: f.rooms.op1.id, startAt: tue('08:00'), endAt: tue('12:00'), reason: 'Chair repair' });
    const e = refused(() => book(f.ctx, input({ roomId: f.rooms.op1.id })), 'BLOCKED');
    expect(e.details).toEqual({ blockoutId: repair.id, roomId: f.rooms.op1.id });
    expect(e.message).toBe('Op 1 is blocked out at this time. Choose another room or time.');
    expect(book(f.ctx, input({ typeId: f.types.cleaning.id })).roomId).toBe(f.rooms.op2.id);
    // Op 2 now taken, Op 1 blocked: no free room, unless the blockout is overridden.
    refused(() => book(f.ctx, input({ typeId: f.types.cleaning.id, providerId: f.providers.jones.id, patientId: f.patients.bob })), 'ROOM_TAKEN');
    const over = book(f.ctx, input({ typeId: f.types.cleaning.id, providerId: f.providers.jones.id, patientId: f.patients.bob, override: { reason: 'Repair done early' } }));
    expect(over.roomId).toBe(f.rooms.op1.id);
  });

  it("refuses the provider's external busy time", () => {
    const busyId = newId<string>();
    t.db
      .prepare(`INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES (?, ?, ?, ?, 'caldav:test')`)
      .run(busyId, f.providers.smith.id, tue('14:00'), tue('15:00'));
    const e = refused(() => book(f.ctx, input({ startAt: tue('14:30') })), 'BLOCKED');
    expect(e.details).toEqual({ externalBusyId: busyId, providerId: f.providers.smith.id });
    expect(e.message).toBe('Dr. Smith is busy in their own calendar from 2:00 PM to 3:00 PM. Choose another time.');
    expect(book(f.ctx, input({ startAt: tue('15:00') })).startAt).toBe(tue('15:00'));
    expect(book(f.ctx, input({ startAt: tue('14:00'), override: { reason: 'Calendar is stale' } })).status).toBe('booked');
  });

  it('records both overridden rules when both apply', () => {
    createBlockout(f.ctx, { providerId: f.providers.smith.id, startAt: tue('07:00'), endAt: tue('08:00') });
    const a = book(f.ctx, input({ startAt: tue('07:30'), override: { reason: 'Early emergency' } }));
    const details = JSON.parse(t.db.prepare(`SELECT details FROM audit_log WHERE entity_id = ?`).pluck().get(a.id) as string) as {
      override: unknown;
    };
    expect(details.override).toEqual({ reason: 'Early emergency', rules: ['OUTSIDE_HOURS', 'BLOCKED'] });
  });
});

describe('(e) not in the past → IN_PAST, never overridable', () => {
  it('allows the grace period and no more', () => {
    const now = tue('10:00');
    f.ctx.clock.set(now);
    expect(book(f.ctx, input({ startAt: tue('09:45') })).startAt).toBe(tue('09:45')); // exactly 15 min ago
    const e = refused(() => book(f.ctx, input({ startAt: tue('09:44'), patientId: f.patients.bob, providerId: f.providers.jones.id })), 'IN_PAST');
    expect(e.details).toEqual({ startAt: tue('09:44'), earliestAllowedAt: tue('09:45') });
    refused(() => book(f.ctx, input({ startAt: tue('09:00'), providerId: f.providers.jones.id, override: { reason: 'walk-in' } })), 'IN_PAST');
    updateClinicSettings(f.ctx, { bookingGraceMin: 60 });
    expect(book(f.ctx, input({ startAt: tue('09:00'), providerId: f.providers.jones.id })).status).toBe('booked');
  });
});
