/**
 * The slot engine and the booking guard agree, through the real database and
 * the real booking service: every slot offered is accepted by the guard (with
 * the same room), and a time the guard refuses is never offered — explain()
 * then names a reason matching the guard's error. Slot queries come from the
 * availability service (src-main/core/availability), as the desk's searches do.
 */
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, placeVisit } from '../../src-main/core/booking';
import { slotQueryFromDb, type SlotSearch } from '../../src-main/core/availability';
import { createBlockout, createRoom, getClinicSettings, setHoursOverride } from '../../src-main/core/clinic';
import { newId } from '../../src-main/core/ids';
import { explain, findSlots, type Slot } from '../../src-main/core/slots';
import { isAppError, type ErrorCode } from '../../src-shared/domain/errors';
import type { AppointmentTypeId, EpochMs, ProviderId, RoomId } from '../../src-shared/domain/ids';
import type { ReasonKind } from '../../src-shared/domain/slots';
import { ZONE, buildClinic, localInstant, type ClinicFixture } from '../helpers/clinic-fixture';
import { openTempDb } from '../helpers/tempdb';

const MIN = 60_000;
type SearchRequest = SlotSearch;

/** The guard's verdict on one provider at one time: the room it would use, or the error code. */
function guard(f: ClinicFixture, req: SearchRequest, providerId: ProviderId, startAt: EpochMs) {
  try {
    const placed = placeVisit(f.ctx.db, {
      patientId: f.patients.ann,
      providerId,
      locationId: req.locationId,
      typeId: req.typeId,
      startAt,
      ...(req.durationMin === undefined ? {} : { durationMin: req.durationMin }),
      room: { kind: 'auto' },
      now: req.now,
      bookingGraceMin: getClinicSettings(f.ctx.db).bookingGraceMin,
    });
    return { ok: true as const, roomId: placed.roomId };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ok: false as const, code: e.code };
  }
}

/** Which reasons explain() may give for each refusal of the guard. */
const EXPLAINS: Partial<Record<ErrorCode, ReasonKind[]>> = {
  IN_PAST: ['notice'],
  SLOT_TAKEN: ['appointment', 'buffer'],
  ROOM_TAKEN: ['no_room'],
  OUTSIDE_HOURS: ['outside_hours'],
  BLOCKED: ['blockout', 'external_busy'],
};

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

/** A busy week at Main: visits (one cancelled), blockouts, external busy time and date overrides, around a DST night. */
function busyWeek(): void {
  const { smith, jones } = f.providers;
  const at = (date: string, time: string) => localInstant(date, time);
  const visit = (providerId: ProviderId, typeId: AppointmentTypeId, date: string, time: string, roomId?: RoomId) =>
    book(f.ctx, {
      patientId: f.patients.bob,
      providerId,
      locationId: f.main.id,
      typeId,
      startAt: at(date, time),
      ...(roomId ? { roomId } : {}),
    });
  visit(smith.id, f.types.checkup.id, '2025-03-04', '09:00');
  visit(smith.id, f.types.cleaning.id, '2025-03-04', '10:05');
  visit(jones.id, f.types.cleaning.id, '2025-03-04', '10:30');
  visit(jones.id, f.types.cleaning.id, '2025-03-04', '14:00', f.rooms.op2.id);
  visit(smith.id, f.types.surgery.id, '2025-03-05', '09:00');
  const cancelled = visit(jones.id, f.types.checkup.id, '2025-03-05', '09:00');
  cancel(f.ctx, { id: cancelled.id, expectedVersion: cancelled.version, reason: 'patient called' });
  createBlockout(f.ctx, { providerId: smith.id, startAt: at('2025-03-05', '13:00'), endAt: at('2025-03-05', '14:10') });
  createBlockout(f.ctx, { roomId: f.rooms.op1.id, startAt: at('2025-03-06', '09:00'), endAt: at('2025-03-06', '12:00') });
  t.db
    .prepare(`INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES (?, ?, ?, ?, 'caldav:test')`)
    .run(newId(), jones.id, at('2025-03-04', '15:10'), at('2025-03-04', '16:00'));
  setHoursOverride(f.ctx, { providerId: jones.id, locationId: f.main.id, date: '2025-03-07', intervals: [] });
  // Created last, so its id sorts last, but by name it is the first room the guard tries.
  const op0 = createRoom(f.ctx, { locationId: f.main.id, name: 'Op 0' });
  createBlockout(f.ctx, { roomId: op0.id, startAt: at('2025-03-04', '11:00'), endAt: at('2025-03-04', '13:30') });
  setHoursOverride(f.ctx, {
    providerId: smith.id,
    locationId: f.main.id,
    date: '2025-03-09', // spring forward: 00:00–05:00 wall is four real hours
    intervals: [{ startMin: 0, endMin: 300 }],
  });
  setHoursOverride(f.ctx, {
    providerId: jones.id,
    locationId: f.main.id,
    date: '2025-11-02', // fall back: 00:00–04:00 wall is five real hours
    intervals: [{ startMin: 0, endMin: 240 }],
  });
}

const WEEK = { start: localInstant('2025-03-03', '00:00'), end: localInstant('2025-03-10', '00:00') };
const FALL_BACK = { start: localInstant('2025-11-02', '00:00'), end: localInstant('2025-11-03', '00:00') };

function requests(): SearchRequest[] {
  const { smith, jones } = f.providers;
  const now = localInstant('2025-03-04', '09:40'); // mid-morning: the grace period matters
  const single = (providerId: ProviderId, typeId: AppointmentTypeId, window = WEEK): SearchRequest => ({
    locationId: f.main.id,
    typeId,
    providerIds: [providerId],
    method: 'single',
    window,
    now,
  });
  return [
    single(smith.id, f.types.checkup.id),
    single(jones.id, f.types.checkup.id),
    single(smith.id, f.types.cleaning.id),
    single(jones.id, f.types.cleaning.id),
    single(smith.id, f.types.surgery.id),
    single(jones.id, f.types.checkup.id, FALL_BACK),
    { ...single(smith.id, f.types.checkup.id), durationMin: 50 },
  ];
}

describe('slot engine vs booking guard, through the real database', () => {
  it('every slot offered is accepted by the guard, with the room the slot names', () => {
    busyWeek();
    let offered = 0;
    for (const req of requests()) {
      const slots = findSlots(slotQueryFromDb(t.db, req));
      offered += slots.length;
      for (const s of slots) {
        expect(guard(f, req, s.providerIds[0]!, s.start), `${req.typeId} ${new Date(s.start).toISOString()}`).toEqual({
          ok: true,
          roomId: s.roomId,
        });
      }
    }
    expect(offered).toBeGreaterThan(200);
  });

  it('a time the guard refuses is never offered, and explain() names why', () => {
    busyWeek();
    let refused = 0;
    for (const req of requests()) {
      const q = slotQueryFromDb(t.db, req);
      const offered = new Set(findSlots(q).map((s) => s.start));
      for (let start = req.window.start; start < req.window.end; start += 5 * MIN) {
        const verdict = guard(f, req, req.providerIds[0]!, start);
        const reasons = explain(q, start).map((r) => r.kind);
        if (verdict.ok) {
          // Accepted: offered, unless it is off the 15-minute grid (the guard has no grid).
          expect(offered.has(start) || reasons.every((k) => k === 'off_grid'), new Date(start).toISOString()).toBe(true);
        } else {
          refused++;
          expect(offered.has(start), new Date(start).toISOString()).toBe(false);
          const expected = EXPLAINS[verdict.code] ?? [];
          expect(reasons.some((k) => expected.includes(k)), `${verdict.code} at ${new Date(start).toISOString()}: ${reasons.join()}`).toBe(
            true,
          );
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('DST nights: no 02:30 on spring-forward night, both 01:15s on fall-back night, all accepted by the guard', () => {
    busyWeek();
    const wall = (t: EpochMs) => DateTime.fromMillis(t, { zone: ZONE }).toFormat('HH:mm ZZZZ');
    const springReq: SearchRequest = { ...requests()[0]!, window: { start: localInstant('2025-03-09', '00:00'), end: WEEK.end } };
    const spring = findSlots(slotQueryFromDb(t.db, springReq));
    // 00:00–05:00 wall on 2025-03-09 is four real hours: 16 quarter-hour starts less the last.
    expect(spring.map((s) => wall(s.start))).toEqual([
      ...['00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30', '01:45'].map((x) => `${x} EST`),
      ...['03:00', '03:15', '03:30', '03:45', '04:00', '04:15', '04:30'].map((x) => `${x} EDT`),
    ]);
    const fallReq = requests()[5]!;
    const fall = findSlots(slotQueryFromDb(t.db, fallReq));
    const fallWalls = fall.map((s) => wall(s.start));
    expect(fallWalls.filter((w) => w.startsWith('01:15'))).toEqual(['01:15 EDT', '01:15 EST']);
    expect(fall).toHaveLength(19);
    expect(new Set(fall.map((s) => s.start)).size).toBe(19);
    for (const s of spring) expect(guard(f, springReq, s.providerIds[0]!, s.start)).toEqual({ ok: true, roomId: null });
    for (const s of fall) expect(guard(f, fallReq, s.providerIds[0]!, s.start)).toEqual({ ok: true, roomId: null });
  });

  it('hours that open or close inside the fold or the gap: the guard and the engine agree minute by minute, on the written hours', () => {
    const { smith } = f.providers;
    const wall = (t: EpochMs) => DateTime.fromMillis(t, { zone: ZONE }).toFormat('HH:mm ZZZZ');
    // Fall back: 01:30–02:30 written. Spring forward: 02:30–04:00 written (02:30–02:59 never happens).
    setHoursOverride(f.ctx, { providerId: smith.id, locationId: f.main.id, date: '2025-11-02', intervals: [{ startMin: 90, endMin: 150 }] });
    setHoursOverride(f.ctx, { providerId: smith.id, locationId: f.main.id, date: '2025-03-09', intervals: [{ startMin: 150, endMin: 240 }] });
    const nights = [
      { window: FALL_BACK, walls: ['01:30 EDT', '01:30 EST', '01:45 EST', '02:00 EST'] },
      { window: { start: localInstant('2025-03-09', '00:00'), end: localInstant('2025-03-10', '00:00') }, walls: ['03:00 EDT', '03:15 EDT', '03:30 EDT'] },
    ];
    for (const night of nights) {
      const req: SearchRequest = { ...requests()[0]!, window: night.window };
      const q = slotQueryFromDb(t.db, req);
      const offered = findSlots(q);
      expect(offered.map((s) => wall(s.start))).toEqual(night.walls);
      const starts = new Set(offered.map((s) => s.start));
      for (let start = night.window.start; start < night.window.end; start += MIN) {
        const verdict = guard(f, req, smith.id, start);
        const onGrid = !explain(q, start).some((r) => r.kind === 'off_grid');
        // The guard has no grid: on the grid, it accepts exactly what is offered; off it, it accepts only inside the hours.
        if (onGrid || !verdict.ok) expect(verdict.ok, `${wall(start)}: ${JSON.stringify(verdict)}`).toBe(starts.has(start));
        if (!verdict.ok) expect(verdict.code).toBe('OUTSIDE_HOURS');
      }
    }
  });

  it('booking offered slots one after another: each is accepted, and the next search reflects it', () => {
    busyWeek();
    const req: SearchRequest = { ...requests()[2]!, window: { start: localInstant('2025-03-06', '00:00'), end: localInstant('2025-03-07', '00:00') } };
    const booked: Slot[] = [];
    for (let round = 0; round < 8; round++) {
      const slots = findSlots(slotQueryFromDb(t.db, req));
      if (slots.length === 0) break;
      const pick = slots[(round * 7) % slots.length]!;
      const a = book(f.ctx, {
        patientId: f.patients.cyd,
        providerId: pick.providerIds[0]!,
        locationId: req.locationId,
        typeId: req.typeId,
        startAt: pick.start,
      });
      expect([a.startAt, a.endAt, a.roomId]).toEqual([pick.start, pick.end, pick.roomId]);
      booked.push(pick);
      expect(findSlots(slotQueryFromDb(t.db, req)).map((s) => s.start)).not.toContain(pick.start);
    }
    expect(booked.length).toBeGreaterThan(3);
  });

  it('collective and any: each provider named is accepted by the guard at that time', () => {
    busyWeek();
    const { smith, jones } = f.providers;
    const base = requests()[0]!;
    for (const method of ['collective', 'any'] as const) {
      const req: SearchRequest = { ...base, method, providerIds: [smith.id, jones.id] };
      const slots = findSlots(slotQueryFromDb(t.db, req));
      expect(slots.length).toBeGreaterThan(20);
      for (const s of slots) {
        for (const p of s.providerIds) expect(guard(f, req, p, s.start).ok, `${method} ${p} ${new Date(s.start).toISOString()}`).toBe(true);
      }
    }
  });
});
