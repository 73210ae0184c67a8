/**
 * Written hours are the truth: the examples a receptionist would check by
 * hand on DST nights, and calendar-day horizons. Instants come from luxon
 * through the test builders, never from the engine's own zone helpers.
 */
import { describe, expect, it } from 'vitest';
import { explain, findSlots, nextAvailable } from '@main/core/slots';
import { at, everyDay, hm, localDay, provider, query, wall } from './support/build';

const ny = 'America/New_York';
const la = 'America/Los_Angeles';
const iso = (t: number) => new Date(t).toISOString().slice(11, 16) + 'Z';

describe('fall-back fold: nothing outside the written hours, both occurrences inside them', () => {
  const date = '2026-11-01';

  it('New York 01:30–02:30 does not offer 01:00 or 01:15 EST (06:00Z, 06:15Z), before the opening', () => {
    const p = provider('p1', { zone: ny, weekly: everyDay(hm('01:30'), hm('02:30')) });
    const slots = findSlots(query({ window: localDay(ny, date), providers: [p] }));
    expect(slots.map((s) => iso(s.start))).not.toContain('06:00Z');
    expect(slots.map((s) => iso(s.start))).not.toContain('06:15Z');
    // 01:30 EDT runs to 02:00 EDT (= 01:00 EST, still inside); 01:45 EDT would run into 01:00–01:15 EST, outside.
    expect(slots.map((s) => wall(ny, s.start, true))).toEqual(['01:30 EDT', '01:30 EST', '01:45 EST', '02:00 EST']);
  });

  it('New York 00:00–01:30 does not offer 01:30 or 01:45 EDT (05:30Z, 05:45Z), at or after closing', () => {
    const p = provider('p1', { zone: ny, weekly: everyDay(0, hm('01:30')) });
    const slots = findSlots(query({ window: localDay(ny, date), providers: [p] }));
    expect(slots.map((s) => iso(s.start))).not.toContain('05:30Z');
    expect(slots.map((s) => iso(s.start))).not.toContain('05:45Z');
    expect(slots.map((s) => wall(ny, s.start, true))).toEqual([
      '00:00 EDT', '00:15 EDT', '00:30 EDT', '00:45 EDT', '01:00 EDT', '01:00 EST',
    ]);
    // And the guard's view of the same hours agrees: the visit at 01:30 EDT is outside them.
    expect(explain(query({ window: localDay(ny, date), providers: [p] }), at(ny, date, '01:30', 1))).toContainEqual({
      kind: 'outside_hours',
      providerId: 'p1',
    });
  });

  it('a written time inside the hours is offered once per real occurrence, on the day’s written grid', () => {
    // 00:50–02:30 on a 25-minute interval: 00:50, 01:15, 01:40, 02:05 written; 01:15 and 01:40 happen twice.
    const p = provider('p1', { zone: ny, weekly: everyDay(hm('00:50'), hm('02:30')) });
    const slots = findSlots(query({ window: localDay(ny, date), providers: [p], intervalMin: 25, durationMin: 20 }));
    expect(slots.map((s) => wall(ny, s.start, true))).toEqual([
      '00:50 EDT', '01:15 EDT', '01:40 EDT', '01:15 EST', '01:40 EST', '02:05 EST',
    ]);
  });
});

describe('spring-forward gap: the day keeps its written grid minus the times that do not exist', () => {
  const date = '2026-03-08';

  it('New York 02:30–04:00 on a 20-minute interval offers 03:10 and 03:30 (02:30 + n × 20), not 03:00 and 03:20', () => {
    const p = provider('p1', { zone: ny, weekly: everyDay(hm('02:30'), hm('04:00')) });
    const slots = findSlots(query({ window: localDay(ny, date), providers: [p], intervalMin: 20 }));
    expect(slots.map((s) => wall(ny, s.start))).toEqual(['03:10', '03:30']);
  });

  it('Los Angeles 02:40–05:40 on a 15-minute interval keeps the usual :10/:25/:40/:55', () => {
    const p = provider('p1', { zone: la, weekly: everyDay(hm('02:40'), hm('05:40')) });
    const slots = findSlots(query({ window: localDay(la, date), providers: [p] }));
    expect(slots.map((s) => wall(la, s.start))).toEqual([
      '03:10', '03:25', '03:40', '03:55', '04:10', '04:25', '04:40', '04:55', '05:10',
    ]);
  });

  it('explain points to the written grid’s neighbours after the jump', () => {
    const p = provider('p1', { zone: ny, weekly: everyDay(hm('02:30'), hm('04:00')) });
    const q = query({ window: localDay(ny, date), providers: [p], intervalMin: 20 });
    expect(explain(q, at(ny, date, '03:00'))).toEqual([
      { kind: 'off_grid', providerId: 'p1', intervalMin: 20, previous: null, next: at(ny, date, '03:10') },
    ]);
  });
});

describe('horizon: whole local calendar days', () => {
  const p = provider('p1', { zone: ny, weekly: everyDay(hm('09:00'), hm('17:00')) });
  const now = at(ny, '2026-03-07', '10:07');

  it('from 03-07 10:07 EST a 2-day horizon ends at the end of 03-09 (EDT by then), not 48 hours later', () => {
    const window = { start: now, end: at(ny, '2026-03-12', '00:00') };
    const slots = findSlots(query({ window, providers: [p], now, horizonDays: 2 }));
    const last = slots.at(-1)!;
    expect(`${new Date(last.start).toISOString()} ${wall(ny, last.start, true)}`).toBe('2026-03-09T20:30:00.000Z 16:30 EDT');
    expect(slots.filter((s) => s.start >= at(ny, '2026-03-09', '00:00'))).toHaveLength(31);
    expect(slots.some((s) => s.start >= at(ny, '2026-03-10', '00:00'))).toBe(false);
  });

  it('minimum notice stays in minutes', () => {
    const window = { start: now, end: at(ny, '2026-03-08', '00:00') };
    const slots = findSlots(query({ window, providers: [p], now, minNoticeMin: 90, horizonDays: 0 }));
    expect(wall(ny, slots[0]!.start)).toBe('11:45');
  });

  it('nextAvailable needs no end: the horizon bounds it', () => {
    const busy = provider('p1', { zone: ny, blockouts: [['b1', now, at(ny, '2026-03-09', '15:00')]] });
    const q = query({ window: { start: now }, providers: [busy], now, horizonDays: 2 });
    expect(nextAvailable(q, 3).map((s) => `${wall(ny, s.start)}`)).toEqual(['15:00', '15:15', '15:30']);
    expect(nextAvailable({ ...q, horizonDays: 1 }, 3)).toEqual([]);
  });
});
