import { describe, expect, it } from 'vitest';
import { findSlots, nextAvailable } from '@main/core/slots';
import { benchQuery } from './support/bench-scenario';
import { integerFloorSlots } from './support/integer-floor';
import { minuteArraySlots } from './support/minute-array';
import { DAY, at, provider, query, wall } from './support/build';

describe('nextAvailable', () => {
  it('searches forward past nearly full weeks and returns the first N in time order', () => {
    const q = benchQuery({ providers: 20, days: 21, fill: 'nearlyFull', method: 'any', windowDays: 56 });
    expect(findSlots({ ...q, window: { start: q.window.start, end: q.window.start + 21 * DAY } })).toEqual([]);
    const next = nextAvailable(q, 10);
    expect(next).toHaveLength(10);
    expect(next[0]!.start).toBe(at('America/New_York', '2026-06-22', '09:00'));
    expect(next.map((s) => wall('America/New_York', s.start))).toEqual(
      ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15'],
    );
    expect(next).toEqual(findSlots(q).slice(0, 10));
  });

  it('stops at the window end, and 0 asks for nothing', () => {
    const zone = 'Europe/London';
    const q = query({ window: { start: at(zone, '2026-06-02', '16:00'), end: at(zone, '2026-06-02', '17:00') }, providers: [provider('p1', { zone })] });
    expect(nextAvailable(q, 5).map((s) => wall(zone, s.start))).toEqual(['16:00', '16:15', '16:30']);
    expect(nextAvailable(q, 0)).toEqual([]);
    expect(() => nextAvailable(q, -1)).toThrow(/whole number/);
  });
});

describe('the benchmark baseline (minute arrays) agrees with the engine', () => {
  it.each([
    ['single', 1],
    ['any', 12],
    ['collective', 3],
  ] as const)('%s × %i providers', (method, providers) => {
    const q = benchQuery({ providers, days: 4, fill: 'busy20', method, seed: 7 });
    expect(minuteArraySlots(q)).toEqual(findSlots(q));
  });

  it('on busy days a team rarely finds a common half hour; a team sharing one schedule finds all of them', () => {
    const q = benchQuery({ providers: 1, days: 4, fill: 'busy20', method: 'single', seed: 7 });
    const alone = findSlots(q);
    expect(alone.length).toBeGreaterThan(0);
    const p = q.providers[0]!;
    const twin = { ...p, id: 'twin' as typeof p.id };
    const team = { ...q, method: 'collective' as const, providers: [p, twin] };
    expect(findSlots(team)).toEqual(alone.map((s) => ({ ...s, providerIds: [p.id, twin.id] })));
    expect(minuteArraySlots(team)).toEqual(findSlots(team));
  });

  it('and with buffers, rooms and the grid anchored off the hour', () => {
    const q = benchQuery({ providers: 6, days: 3, fill: 'busy20', method: 'any', seed: 3 });
    const rooms = [{ id: 'r2' as never, appointments: q.providers[0]!.appointments!.slice(0, 20), blockouts: [] }, { id: 'r1' as never, appointments: q.providers[1]!.appointments!.slice(5, 30), blockouts: [] }];
    const q2 = { ...q, rooms, roundToMin: 10, intervalMin: 20, type: { durationMin: 20, bufferBeforeMin: 5, bufferAfterMin: 10, needsRoom: true } };
    expect(minuteArraySlots(q2)).toEqual(findSlots(q2));
  });
});

describe('the integer-minute floor agrees with the engine', () => {
  it('on dense days, with and without buffers, and refuses what it does not model', () => {
    const q = benchQuery({ providers: 30, days: 5, fill: 'busy20', method: 'any', seed: 11 });
    expect(integerFloorSlots(q)).toEqual(findSlots(q));
    const buffered = { ...q, type: { ...q.type, bufferBeforeMin: 5, bufferAfterMin: 10 }, intervalMin: 20 };
    expect(integerFloorSlots(buffered)).toEqual(findSlots(buffered));
    expect(() => integerFloorSlots({ ...q, method: 'collective' })).toThrow(/any-provider/);
    const dst = benchQuery({ providers: 3, days: 3, fill: 'busy20', method: 'any', firstDate: '2026-03-07' });
    expect(() => integerFloorSlots(dst)).toThrow(/DST/);
  });
});
