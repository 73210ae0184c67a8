import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainTime, findSlotsFor, nextAvailableFor, slotQueryFromDb } from '@main/core/availability';
import { book, cancel } from '@main/core/booking';
import { createBlockout } from '@main/core/clinic';
import { findSlots } from '@main/core/slots';
import type { EpochMs } from '@shared/domain/ids';
import { reasonSentence } from '@shared/domain/slots';
import { timeFormatter } from '@shared/time';
import { ZONE, buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

/** "Now" is Monday 2025-03-03 08:00 New York (fixture); Smith and Jones work Mon–Fri 09–12, 13–17 at Main. */
let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const wall = (ms: EpochMs, zone = ZONE) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
const starts = (slots: Array<{ start: EpochMs }>, zone = ZONE) => slots.map((s) => wall(s.start, zone));

describe('findSlotsFor', () => {
  it('lists one provider’s bookable times between two local dates, at the location where they work', () => {
    const r = findSlotsFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'provider', providerId: f.providers.smith.id },
      fromDate: '2025-03-04',
      toDate: '2025-03-04',
    });
    // 09:00–12:00 and 13:00–17:00, every 15 minutes, 30-minute visits.
    expect(r.slots).toHaveLength(11 + 15);
    expect(starts(r.slots).slice(0, 3)).toEqual(['2025-03-04 09:00', '2025-03-04 09:15', '2025-03-04 09:30']);
    expect(r.slots.every((s) => s.locationId === f.main.id && s.providerIds[0] === f.providers.smith.id)).toBe(true);
    expect(r.locationIds).toEqual([f.main.id]);
  });

  it('matches the slot engine on the query built from the database', () => {
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.cleaning.id, startAt: localInstant('2025-03-05', '10:00') });
    createBlockout(f.ctx, { providerId: f.providers.smith.id, startAt: localInstant('2025-03-05', '15:00'), endAt: localInstant('2025-03-05', '16:00') });
    const window = { start: localInstant('2025-03-03', '00:00'), end: localInstant('2025-03-08', '00:00') };
    const expected = findSlots(
      slotQueryFromDb(t.db, { locationId: f.main.id, typeId: f.types.cleaning.id, providerIds: [f.providers.smith.id], method: 'single', window, now: f.ctx.clock.now() }),
    );
    const r = findSlotsFor(t.db, f.ctx.clock, {
      typeId: f.types.cleaning.id,
      who: { kind: 'provider', providerId: f.providers.smith.id },
      locationId: f.main.id,
      fromDate: '2025-03-03',
      toDate: '2025-03-07',
    });
    expect(r.slots.map(({ locationId: _l, ...s }) => s)).toEqual(expected);
    expect(starts(r.slots)).not.toContain('2025-03-05 10:00');
    expect(starts(r.slots)).not.toContain('2025-03-05 15:00');
    expect(r.slots.every((s) => s.roomId !== null)).toBe(true);
  });

  it('mornings and afternoons split the day at noon, local time', () => {
    const base = { typeId: f.types.checkup.id, who: { kind: 'provider' as const, providerId: f.providers.jones.id }, fromDate: '2025-03-04', toDate: '2025-03-06' };
    const all = findSlotsFor(t.db, f.ctx.clock, base).slots;
    const mornings = findSlotsFor(t.db, f.ctx.clock, { ...base, partOfDay: 'morning' }).slots;
    const afternoons = findSlotsFor(t.db, f.ctx.clock, { ...base, partOfDay: 'afternoon' }).slots;
    expect(mornings.every((s) => DateTime.fromMillis(s.start, { zone: ZONE }).hour < 12)).toBe(true);
    expect(afternoons.every((s) => DateTime.fromMillis(s.start, { zone: ZONE }).hour >= 12)).toBe(true);
    expect([...mornings, ...afternoons].map((s) => s.start).sort((a, b) => a - b)).toEqual(all.map((s) => s.start));
  });

  it('any: every provider able to perform the type, each start given to one of them', () => {
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-04', '09:00') });
    const r = findSlotsFor(t.db, f.ctx.clock, { typeId: f.types.checkup.id, who: { kind: 'any' }, locationId: f.main.id, fromDate: '2025-03-04', toDate: '2025-03-04' });
    // The inactive Dr. Retired may perform checkups but takes no bookings.
    expect(new Set(r.providerIds)).toEqual(new Set([f.providers.smith.id, f.providers.jones.id]));
    // Smith is busy at 09:00, and the fairer choice for the rest of the day (less booked time).
    expect(r.slots[0]).toMatchObject({ start: localInstant('2025-03-04', '09:00'), providerIds: [f.providers.jones.id] });
    expect(r.slots).toHaveLength(26);
    expect(r.slots.every((s) => s.providerIds.length === 1)).toBe(true);
  });

  it('any with allFree: who is free at each time, the fair pick first (the desk and the waitlist)', () => {
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-04', '09:00') });
    const input = { typeId: f.types.checkup.id, locationId: f.main.id, fromDate: '2025-03-04', toDate: '2025-03-04' };
    const plain = findSlotsFor(t.db, f.ctx.clock, { ...input, who: { kind: 'any' } }).slots;
    const r = findSlotsFor(t.db, f.ctx.clock, { ...input, who: { kind: 'any', allFree: true } });
    expect(r.slots.map(({ free: _, ...s }) => s)).toEqual(plain);
    const { smith, jones } = f.providers;
    expect(r.slots[0]!.free!.providerIds).toEqual([jones.id]); // Smith is busy at 09:00
    const later = r.slots.find((s) => s.start === localInstant('2025-03-04', '11:00'))!;
    expect(later.free!.providerIds).toEqual([jones.id, smith.id]);
    expect(later.free!.providerIds[0]).toBe(later.providerIds[0]);
    const next = nextAvailableFor(t.db, f.ctx.clock, { ...input, who: { kind: 'any', allFree: true }, count: 3 });
    expect(next.slots).toEqual(r.slots.slice(0, 3));
  });

  it('team: both providers together', () => {
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-04', '09:00') });
    const r = findSlotsFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'team', providerIds: [f.providers.smith.id, f.providers.jones.id] },
      fromDate: '2025-03-04',
      toDate: '2025-03-04',
    });
    expect(starts(r.slots)[0]).toBe('2025-03-04 09:30');
    expect(r.slots[0]!.providerIds).toEqual([f.providers.smith.id, f.providers.jones.id]);
  });

  it('without a location, searches every location where the providers work', () => {
    const r = findSlotsFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'provider', providerId: f.providers.jones.id },
      fromDate: '2025-03-07',
      toDate: '2025-03-08',
    });
    expect(new Set(r.locationIds)).toEqual(new Set([f.main.id, f.uptown.id]));
    const uptown = r.slots.filter((s) => s.locationId === f.uptown.id);
    // Saturday 09:00–13:00 in Chicago.
    expect(starts(uptown, 'America/Chicago')[0]).toBe('2025-03-08 09:00');
    expect(uptown).toHaveLength(15);
    expect(r.slots.map((s) => s.start)).toEqual([...r.slots.map((s) => s.start)].sort((a, b) => a - b));
  });

  it('refuses types and providers that cannot be booked, and bad ranges', () => {
    const base = { fromDate: '2025-03-04', toDate: '2025-03-04' };
    expectAppError(() => findSlotsFor(t.db, f.ctx.clock, { ...base, typeId: f.types.surgery.id, who: { kind: 'provider', providerId: f.providers.jones.id } }), 'VALIDATION');
    expectAppError(() => findSlotsFor(t.db, f.ctx.clock, { ...base, typeId: f.types.old.id, who: { kind: 'provider', providerId: f.providers.smith.id } }), 'VALIDATION');
    expectAppError(() => findSlotsFor(t.db, f.ctx.clock, { ...base, typeId: f.types.checkup.id, who: { kind: 'provider', providerId: f.providers.retired.id } }), 'VALIDATION');
    expectAppError(() => findSlotsFor(t.db, f.ctx.clock, { ...base, typeId: 'nope', who: { kind: 'any' } }), 'NOT_FOUND');
    expectAppError(
      () => findSlotsFor(t.db, f.ctx.clock, { typeId: f.types.checkup.id, who: { kind: 'any' }, fromDate: '2025-03-05', toDate: '2025-03-04' }),
      'VALIDATION',
    );
    expectAppError(
      () => findSlotsFor(t.db, f.ctx.clock, { typeId: f.types.checkup.id, who: { kind: 'any' }, fromDate: '2025-03-01', toDate: '2025-07-01' }),
      'VALIDATION',
    );
  });
});

describe('nextAvailableFor', () => {
  it('the first slots from today on, exactly the start of a full search', () => {
    f.ctx.clock.set(localInstant('2025-03-04', '10:20'));
    const r = nextAvailableFor(t.db, f.ctx.clock, { typeId: f.types.checkup.id, who: { kind: 'provider', providerId: f.providers.smith.id }, count: 4 });
    // The 15-minute booking grace lets 10:15 still be booked (the guard accepts it too).
    expect(starts(r.slots)).toEqual(['2025-03-04 10:15', '2025-03-04 10:30', '2025-03-04 10:45', '2025-03-04 11:00']);
    const full = findSlotsFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'provider', providerId: f.providers.smith.id },
      fromDate: '2025-03-04',
      toDate: '2025-03-10',
    });
    expect(r.slots).toEqual(full.slots.slice(0, 4));
  });

  it('afternoons only, across days (a start within the booking grace still counts)', () => {
    f.ctx.clock.set(localInstant('2025-03-04', '16:00'));
    const r = nextAvailableFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'provider', providerId: f.providers.smith.id },
      partOfDay: 'afternoon',
      count: 6,
    });
    expect(starts(r.slots)).toEqual([
      '2025-03-04 15:45',
      '2025-03-04 16:00',
      '2025-03-04 16:15',
      '2025-03-04 16:30',
      '2025-03-05 13:00',
      '2025-03-05 13:15',
    ]);
  });

  it('an offered slot is accepted by the booking service, then no longer offered; a cancelled visit frees it again', () => {
    const ask = () => nextAvailableFor(t.db, f.ctx.clock, { typeId: f.types.cleaning.id, who: { kind: 'any' }, count: 1 }).slots[0]!;
    const first = ask();
    const a = book(f.ctx, {
      patientId: f.patients.bob,
      providerId: first.providerIds[0]!,
      locationId: first.locationId,
      typeId: f.types.cleaning.id,
      startAt: first.start,
    });
    expect([a.startAt, a.roomId]).toEqual([first.start, first.roomId]);
    const second = ask();
    expect(second.start !== first.start || second.providerIds[0] !== first.providerIds[0]).toBe(true);
    cancel(f.ctx, { id: a.id, reason: 'patient called' });
    expect(ask()).toEqual(first);
  });

  it('an empty answer when nothing is free in the range', () => {
    const r = nextAvailableFor(t.db, f.ctx.clock, {
      typeId: f.types.checkup.id,
      who: { kind: 'provider', providerId: f.providers.smith.id },
      fromDate: '2025-03-08',
      toDate: '2025-03-09',
    });
    expect(r.slots).toEqual([]);
  });
});

describe('explainTime', () => {
  it('a free time is bookable; a taken one names the appointment; outside hours says so', () => {
    const at = localInstant('2025-03-04', '09:00');
    const ok = explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: f.types.checkup.id, start: at });
    expect(ok).toMatchObject({ bookable: true, reasons: [], locationId: f.main.id, zone: ZONE, end: at + 30 * 60_000 });

    const a = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: at });
    const taken = explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: f.types.checkup.id, start: at + 15 * 60_000 });
    expect(taken.bookable).toBe(false);
    expect(taken.reasons).toContainEqual({
      kind: 'appointment',
      appointmentId: a.id,
      providerId: f.providers.smith.id,
      roomId: null,
      cause: { kind: 'overlap', other: { startAt: at, endAt: at + 30 * 60_000, typeName: 'Checkup' } },
    });

    const evening = explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: f.types.checkup.id, start: localInstant('2025-03-04', '18:00') });
    expect(evening.reasons.map((r) => r.kind)).toContain('outside_hours');
  });

  it('names a buffer clash in the same words as the booking guard’s refusal', () => {
    // Cleaning 09:00–09:45 keeps Smith busy until 09:55: a checkup at 09:45 is inside its clean-up.
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.cleaning.id, startAt: localInstant('2025-03-04', '09:00') });
    const at = localInstant('2025-03-04', '09:45');
    const r = explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: f.types.checkup.id, start: at });
    const clash = r.reasons.find((x) => x.kind === 'buffer')!;
    expect(clash).toMatchObject({ cause: { kind: 'gap', otherIsBefore: true, cleanUpMin: 10, preparationMin: 0 } });
    const tf = timeFormatter('12h');
    const sentence = reasonSentence(clash, { providerName: () => 'Dr. Smith', roomName: () => 'room', time: (x) => tf.time(ZONE, x) });
    expect(sentence).toBe('Dr. Smith needs 10 min clean-up after the 9:00 AM Cleaning.');
    const refusal = expectAppError(
      () => book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: at }),
      'SLOT_TAKEN',
    );
    expect(refusal.message).toBe(`${sentence} Choose another time.`);
  });

  it('finds where the provider works that day: Jones at Uptown on Saturdays', () => {
    const sat = localInstant('2025-03-08', '09:00', 'America/Chicago');
    const r = explainTime(t.db, f.ctx.clock, { providerId: f.providers.jones.id, typeId: f.types.checkup.id, start: sat });
    expect(r).toMatchObject({ locationId: f.uptown.id, zone: 'America/Chicago', bookable: true });
  });

  it('a time in the past beyond the grace is explained as notice', () => {
    f.ctx.clock.set(localInstant('2025-03-04', '11:00'));
    const r = explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: f.types.checkup.id, start: localInstant('2025-03-04', '10:00') });
    expect(r.reasons).toContainEqual({ kind: 'notice', earliest: localInstant('2025-03-04', '10:45') });
  });

  it('refuses a provider who does not perform the type', () => {
    expectAppError(
      () => explainTime(t.db, f.ctx.clock, { providerId: f.providers.jones.id, typeId: f.types.surgery.id, start: localInstant('2025-03-04', '09:00') }),
      'VALIDATION',
    );
  });
});
