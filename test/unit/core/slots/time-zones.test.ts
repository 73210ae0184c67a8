import { describe, expect, it } from 'vitest';
import { findSlots } from '@main/core/slots';
import { HOUR, MIN, at, everyDay, hm, localDay, provider, query, wall } from './support/build';

const unique = (xs: number[]) => new Set(xs).size === xs.length;

describe('DST: spring forward', () => {
  it.each([
    ['America/New_York', '2026-03-08', '02'],
    ['Europe/London', '2026-03-29', '01'],
  ])('%s %s: no slot in the skipped hour, the night block loses one real hour', (zone, date, skippedHour) => {
    const p = provider('p1', { zone, weekly: everyDay(0, hm('05:00')) });
    const slots = findSlots(query({ window: localDay(zone, date), providers: [p] }));
    const walls = slots.map((s) => wall(zone, s.start));
    expect(walls.filter((w) => w.startsWith(skippedHour + ':'))).toEqual([]);
    expect(walls).not.toContain(`${skippedHour}:30`);
    // 00:00–05:00 wall is 4 real hours: 16 quarter-hour starts, minus the last 30-minute visit's tail.
    expect(slots).toHaveLength(15);
    expect(slots.every((s) => s.end - s.start === 30 * MIN)).toBe(true);
    expect(unique(slots.map((s) => s.start))).toBe(true);
  });

  it('a normal clinic day around a spring-forward night is the usual 09:00 … 16:30', () => {
    const zone = 'America/New_York';
    const slots = findSlots(query({ window: localDay(zone, '2026-03-08'), providers: [provider('p1', { zone })] }));
    expect(slots.map((s) => wall(zone, s.start))).toEqual(
      Array.from({ length: 31 }, (_, i) => `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`),
    );
  });

  it('an opening row that starts inside the gap opens when the clocks jump', () => {
    const zone = 'America/New_York';
    const p = provider('p1', { zone, weekly: everyDay(hm('02:30'), hm('04:00')) });
    const slots = findSlots(query({ window: localDay(zone, '2026-03-08'), providers: [p] }));
    expect(slots.map((s) => wall(zone, s.start))).toEqual(['03:00', '03:15', '03:30']);
  });
});

describe('DST: fall back', () => {
  it.each([
    ['America/New_York', '2026-11-01', '01'],
    ['Europe/London', '2026-10-25', '01'],
  ])('%s %s: the repeated hour is offered twice, each instant once', (zone, date, repeatedHour) => {
    const p = provider('p1', { zone, weekly: everyDay(0, hm('04:00')) });
    const slots = findSlots(query({ window: localDay(zone, date), providers: [p] }));
    const starts = slots.map((s) => s.start);
    expect(unique(starts)).toBe(true);
    // 00:00–04:00 wall is 5 real hours: 20 quarter-hour starts, minus the last one.
    expect(slots).toHaveLength(19);
    for (const mm of ['00', '15', '30', '45']) {
      const first = at(zone, date, `${repeatedHour}:${mm}`, 1);
      const second = at(zone, date, `${repeatedHour}:${mm}`, 2);
      expect(second - first).toBe(HOUR);
      expect(starts).toContain(first);
      expect(starts).toContain(second);
    }
    // Consecutive starts are 15 real minutes apart all night: nothing lost, nothing doubled.
    expect(starts.slice(1).map((s, i) => s - starts[i]!)).toEqual(Array(18).fill(15 * MIN));
  });

  it('a visit may run across the fold: 00:00–02:00 on fall-back night holds three real hours', () => {
    const zone = 'America/New_York';
    const p = provider('p1', { zone, weekly: everyDay(0, hm('02:00')) });
    const slots = findSlots(query({ window: localDay(zone, '2026-11-01'), providers: [p], durationMin: 180, intervalMin: 60 }));
    expect(slots.map((s) => [wall(zone, s.start, true), wall(zone, s.end, true)])).toEqual([['00:00 EDT', '02:00 EST']]);
  });
});

describe('Asia/Kolkata (UTC+05:30)', () => {
  it('offers local 09:00 … 16:30, which are :00 and :30 past the hour in UTC', () => {
    const zone = 'Asia/Kolkata';
    const slots = findSlots(query({ window: localDay(zone, '2026-06-15'), providers: [provider('p1', { zone })] }));
    expect(slots).toHaveLength(31);
    expect(slots[0]!.start).toBe(Date.UTC(2026, 5, 15, 3, 30));
    expect(slots.map((s) => wall(zone, s.start)).at(-1)).toBe('16:30');
  });
});

describe('a care team across zones', () => {
  const ny = 'America/New_York';
  const london = 'Europe/London';
  const team = () => [provider('p-ny', { zone: ny }), provider('p-ldn', { zone: london })];

  it('collective: only the hours both are working, on the first provider’s grid', () => {
    // 5 h apart in June: 09:00–17:00 London is 04:00–12:00 New York.
    const slots = findSlots(query({ window: localDay(ny, '2026-06-02'), providers: team(), method: 'collective' }));
    expect(slots.map((s) => wall(ny, s.start))).toEqual(
      ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30'],
    );
    expect(slots.every((s) => s.providerIds.join() === 'p-ny,p-ldn')).toBe(true);
  });

  it('collective: follows the weeks when only one side has changed its clocks (4 h apart)', () => {
    const slots = findSlots(query({ window: localDay(ny, '2026-03-16'), providers: team(), method: 'collective' }));
    expect(slots.map((s) => wall(ny, s.start)).at(-1)).toBe('12:30');
    expect(slots.map((s) => wall(london, s.start))[0]).toBe('13:00');
  });

  it('collective: with a member in Kolkata (UTC+05:30) the team grid starts when everyone is in', () => {
    const kolkata = 'Asia/Kolkata';
    const lead = provider('p-ldn', { zone: london, weekly: everyDay(hm('06:00'), hm('12:00')) });
    const member = provider('p-in', { zone: kolkata, weekly: everyDay(hm('11:00'), hm('16:00')) }); // 06:30–11:30 London (BST+4:30)
    const slots = findSlots(query({ window: localDay(london, '2026-06-15'), providers: [lead, member], method: 'collective' }));
    // The team block starts when both are in: 06:30 London, and steps from there.
    expect(slots.map((s) => wall(london, s.start))).toEqual([
      '06:30', '06:45', '07:00', '07:15', '07:30', '07:45', '08:00', '08:15', '08:30', '08:45', '09:00', '09:15',
      '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00',
    ]);
  });

  it('any: each provider on their own local hours, merged in time order', () => {
    const slots = findSlots(
      query({ window: { start: at(ny, '2026-06-02', '00:00'), end: at(ny, '2026-06-02', '05:00') }, providers: team(), method: 'any' }),
    );
    // London is working 04:00–12:00 New York time; New York is not.
    expect(slots.map((s) => `${wall(ny, s.start)} ${s.providerIds.join()}`)).toEqual([
      '04:00 p-ldn', '04:15 p-ldn', '04:30 p-ldn', '04:45 p-ldn',
    ]);
  });
});
