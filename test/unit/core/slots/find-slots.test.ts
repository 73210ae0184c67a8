import { describe, expect, it } from 'vitest';
import { isAppError } from '@shared/domain/errors';
import { findSlots } from '@main/core/slots';
import { binaryOrder } from '@main/core/slots/rooms';
import { DAY, HOUR, MIN, at, everyDay, hm, localDay, provider, query, room, wall } from './support/build';

const zone = 'America/New_York';
const day = '2026-06-02'; // a Tuesday, no DST change
const t = (hhmm: string) => at(zone, day, hhmm);
const times = (slots: Array<{ start: number }>, z = zone) => slots.map((s) => wall(z, s.start));

describe('findSlots: one provider', () => {
  it('offers 09:00, 09:15 … 16:30 on a 09:00–17:00 day (15-min interval, 30-min visit)', () => {
    const slots = findSlots(query({ window: localDay(zone, day), providers: [provider('p1', { zone })] }));
    expect(slots).toHaveLength(31);
    expect(times(slots).slice(0, 3)).toEqual(['09:00', '09:15', '09:30']);
    expect(times(slots).at(-1)).toBe('16:30');
    expect(slots[0]).toEqual({ start: t('09:00'), end: t('09:30'), providerIds: ['p1'], roomId: null });
  });

  it('lists starts inside the window only, sorted, and is deterministic', () => {
    const q = query({ window: { start: t('10:05'), end: t('11:00') }, providers: [provider('p1', { zone })] });
    expect(times(findSlots(q))).toEqual(['10:15', '10:30', '10:45']);
    expect(findSlots(q)).toEqual(findSlots(q));
  });

  it('keeps the busy span [s − before, s + D + after) clear of existing busy spans', () => {
    const p = provider('p1', { zone, appointments: [['a1', t('10:00'), t('10:30')]] });
    const window = { start: t('09:00'), end: t('11:30') };
    expect(times(findSlots(query({ window, providers: [p] })))).toEqual(
      ['09:00', '09:15', '09:30', '10:30', '10:45', '11:00', '11:15'],
    );
    // 10 min before and 15 min after: 09:15 would end its clean-up at 10:00 (fine); 09:30 would not.
    const buffered = findSlots(query({ window, providers: [p], type: { bufferBeforeMin: 10, bufferAfterMin: 15 } }));
    expect(times(buffered)).toEqual(['09:00', '09:15', '10:45', '11:00', '11:15']);
  });

  it('avoids provider blockouts and external busy time', () => {
    const p = provider('p1', {
      zone,
      blockouts: [['b1', t('09:00'), t('12:00')]],
      externalBusy: [[t('13:00'), t('16:00')]],
    });
    expect(times(findSlots(query({ window: localDay(zone, day), providers: [p] })))).toEqual([
      '12:00', '12:15', '12:30', '16:00', '16:15', '16:30',
    ]);
  });

  it('uses an explicit duration instead of the type’s', () => {
    const slots = findSlots(query({ window: localDay(zone, day), providers: [provider('p1', { zone })], durationMin: 60 }));
    expect(times(slots).at(-1)).toBe('16:00');
    expect(slots[0]!.end - slots[0]!.start).toBe(HOUR);
  });

  it('steps from each opening block: 09:10 gives 09:10, 09:25 … ; roundTo 15 gives 09:15, 09:30 …', () => {
    const p = provider('p1', { zone, weekly: [...everyDay(hm('09:10'), hm('12:00')), ...everyDay(hm('13:05'), hm('14:00'))] });
    const window = localDay(zone, day);
    expect(times(findSlots(query({ window, providers: [p] })))).toEqual([
      ...['09:10', '09:25', '09:40', '09:55', '10:10', '10:25', '10:40', '10:55', '11:10', '11:25'],
      ...['13:05', '13:20'],
    ]);
    expect(times(findSlots(query({ window, providers: [p], roundToMin: 15 })))).toEqual([
      ...['09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30'],
      ...['13:15', '13:30'],
    ]);
    expect(times(findSlots(query({ window, providers: [p], intervalMin: 60, roundToMin: 30 })))).toEqual([
      '09:30', '10:30', '11:30', '13:30',
    ]);
  });

  it('treats touching opening rows as one block, so the grid does not restart at the seam', () => {
    const p = provider('p1', { zone, weekly: [...everyDay(hm('09:00'), hm('10:10')), ...everyDay(hm('10:10'), hm('11:00'))] });
    const slots = findSlots(query({ window: localDay(zone, day), providers: [p], intervalMin: 20 }));
    expect(times(slots)).toEqual(['09:00', '09:20', '09:40', '10:00', '10:20']);
  });

  it('applies date overrides: closed days and special hours', () => {
    const p = provider('p1', {
      zone,
      overrides: [
        { date: '2026-06-02', kind: 'closed' },
        { date: '2026-06-03', kind: 'special', startMin: hm('07:00'), endMin: hm('08:00') },
      ],
    });
    const slots = findSlots(query({ window: { start: t('00:00'), end: t('00:00') + 2 * DAY }, providers: [p] }));
    expect(slots.map((s) => `${new Date(s.start).toISOString().slice(0, 10)} ${wall(zone, s.start)}`)).toEqual([
      '2026-06-03 07:00', '2026-06-03 07:15', '2026-06-03 07:30',
    ]);
  });

  it('respects minimum notice (and a negative notice as the guard’s grace) and the horizon', () => {
    const p = provider('p1', { zone });
    const window = localDay(zone, day);
    const now = t('10:07');
    expect(times(findSlots(query({ window, providers: [p], now, minNoticeMin: 60 }))).slice(0, 2)).toEqual(['11:15', '11:30']);
    expect(times(findSlots(query({ window, providers: [p], now, minNoticeMin: 0 })))[0]).toBe('10:15');
    expect(times(findSlots(query({ window, providers: [p], now, minNoticeMin: -10 })))[0]).toBe('10:00');
    // Horizons are local calendar days: 0 is the rest of today, 1 runs to the end of tomorrow.
    const twoDays = { start: window.start, end: window.end + DAY };
    const today = findSlots(query({ window: twoDays, providers: [p], now, horizonDays: 0 }));
    expect(today.every((s) => s.start < window.end)).toBe(true);
    expect(times(today).at(-1)).toBe('16:30');
    const tomorrow = findSlots(query({ window: twoDays, providers: [p], now, horizonDays: 1 }));
    expect(tomorrow.filter((s) => s.start >= window.end)).toHaveLength(31);
  });
});

describe('findSlots: rooms', () => {
  const window = { start: t('09:00'), end: t('10:30') };
  const type = { needsRoom: true };

  it('names the first free eligible room in ascending id order, whatever the input order', () => {
    const rooms = [
      room('room-c'),
      room('room-a', { appointments: [['ra', t('09:00'), t('09:45')]] }),
      room('room-b', { blockouts: [['rb', t('09:30'), t('10:30')]] }),
    ];
    const slots = findSlots(query({ window, providers: [provider('p1', { zone })], rooms, type }));
    expect(slots.map((s) => [wall(zone, s.start), s.roomId])).toEqual([
      ['09:00', 'room-b'],
      ['09:15', 'room-c'],
      ['09:30', 'room-c'],
      ['09:45', 'room-a'],
      ['10:00', 'room-a'],
      ['10:15', 'room-a'],
    ]);
  });

  it('tries rooms by name, then id, as the booking guard does (SQLite binary order)', () => {
    const named = (id: string, name: string) => ({ ...room(id), name });
    const rooms = [named('r-a', 'Op 2'), named('r-b', 'Op 1'), named('r-c', 'Op 1')];
    const [first] = findSlots(query({ window, providers: [provider('p1', { zone })], rooms, type }));
    expect(first!.roomId).toBe('r-b');
    // Code point order, not UTF-16 order: U+1F600 (a surrogate pair in UTF-16) sorts after U+FF5E.
    expect(binaryOrder('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFF5E').toBe(true);
    expect(binaryOrder('Op 10', 'Op 2')).toBeLessThan(0);
    expect(binaryOrder('a', 'ab')).toBeLessThan(0);
  });

  it('offers nothing when no eligible room is free; rooms count only when the type needs one', () => {
    const busy = [room('r1', { blockouts: [['b', t('08:00'), t('12:00')]] })];
    expect(findSlots(query({ window, providers: [provider('p1', { zone })], rooms: busy, type }))).toEqual([]);
    expect(findSlots(query({ window, providers: [provider('p1', { zone })], rooms: [], type }))).toEqual([]);
    const noRoomNeeded = findSlots(query({ window, providers: [provider('p1', { zone })], rooms: busy }));
    expect(noRoomNeeded.map((s) => s.roomId)).toEqual([null, null, null, null, null, null]);
  });

  it('applies the visit’s buffers to rooms too', () => {
    const rooms = [room('r1', { appointments: [['ra', t('10:00'), t('10:30')]] })];
    const slots = findSlots(query({ window, providers: [provider('p1', { zone })], rooms, type: { ...type, bufferAfterMin: 15 } }));
    expect(times(slots)).toEqual(['09:00', '09:15']);
  });
});

describe('findSlots: care teams', () => {
  it('collective: everyone free together, one shared room, providers in query order', () => {
    const a = provider('p-b', { zone, appointments: [['a1', t('09:00'), t('09:30')]] });
    const b = provider('p-a', { zone, weekly: everyDay(hm('09:00'), hm('11:00')), blockouts: [['b1', t('10:00'), t('10:15')]] });
    const slots = findSlots(
      query({ window: localDay(zone, day), providers: [a, b], method: 'collective', rooms: [room('r1')], type: { needsRoom: true } }),
    );
    expect(slots).toEqual(
      ['09:30', '10:15', '10:30'].map((hhmm) => ({ start: t(hhmm), end: t(hhmm) + 30 * MIN, providerIds: ['p-b', 'p-a'], roomId: 'r1' })),
    );
  });

  it('any: the least booked provider in the window first, the next one when the first is busy', () => {
    const window = { start: t('09:00'), end: t('11:00') };
    const heavy = provider('p-heavy', { zone, appointments: [['h1', t('09:30'), t('10:00')], ['h2', t('10:30'), t('11:00')]] });
    const light = provider('p-light', { zone, appointments: [['l1', t('09:00'), t('09:30')], ['l2', t('15:00'), t('17:00')]] });
    const pick = (w: { start: number; end: number }) =>
      findSlots(query({ window: w, providers: [heavy, light], method: 'any' }))
        .filter((s) => s.start < window.end)
        .map((s) => `${wall(zone, s.start)} ${s.providerIds.join()}`);
    // In 09:00–11:00 p-light has 30 booked minutes and p-heavy 60: p-light first.
    expect(pick(window)).toEqual([
      '09:00 p-heavy', '09:30 p-light', '09:45 p-light', '10:00 p-light', '10:15 p-light', '10:30 p-light', '10:45 p-light',
    ]);
    // Over the whole day p-light has 150 and p-heavy 60: p-heavy first.
    expect(pick(localDay(zone, day))).toEqual([
      '09:00 p-heavy', '09:30 p-light', '09:45 p-light', '10:00 p-heavy', '10:15 p-light', '10:30 p-light', '10:45 p-light',
    ]);
  });

  it('any: equally booked providers are tried in ascending id order', () => {
    const slots = findSlots(query({ window: localDay(zone, day), providers: [provider('p-b', { zone }), provider('p-a', { zone })], method: 'any' }));
    expect(new Set(slots.map((s) => s.providerIds.join()))).toEqual(new Set(['p-a']));
  });

  it('any: each provider on their own grid', () => {
    const early = provider('p1', { zone, weekly: everyDay(hm('09:00'), hm('10:00')) });
    const odd = provider('p2', { zone, weekly: everyDay(hm('09:10'), hm('10:00')), appointments: [['x', t('12:00'), t('13:00')]] });
    const slots = findSlots(query({ window: localDay(zone, day), providers: [early, odd], method: 'any' }));
    expect(slots.map((s) => `${wall(zone, s.start)} ${s.providerIds.join()}`)).toEqual([
      '09:00 p1', '09:10 p2', '09:15 p1', '09:25 p2', '09:30 p1',
    ]);
  });
});

describe('findSlots: validation', () => {
  const p = provider('p1', { zone });
  const window = localDay(zone, day);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isAppError(e) ? `${e.code}: ${e.message}` : String(e);
    }
    return 'no error';
  };

  it('refuses malformed queries with VALIDATION errors a receptionist can read', () => {
    expect(code(() => findSlots(query({ window, providers: [p, provider('p2', { zone })] })))).toBe(
      'VALIDATION: Choose exactly one provider.',
    );
    expect(code(() => findSlots(query({ window, providers: [], method: 'any' })))).toMatch(/^VALIDATION/);
    expect(code(() => findSlots(query({ window, providers: [p, p], method: 'collective' })))).toMatch(/listed twice/);
    expect(code(() => findSlots(query({ window, providers: [provider('p3', { zone: 'Nowhere/Land' })] })))).toMatch(/time zone/);
    expect(code(() => findSlots(query({ window, providers: [p], intervalMin: 0 })))).toMatch(/interval/);
    expect(code(() => findSlots(query({ window, providers: [p], type: { durationMin: 7.5 } })))).toMatch(/duration/);
    expect(code(() => findSlots(query({ window: { start: window.end, end: window.start }, providers: [p] })))).toMatch(/window/);
    expect(code(() => findSlots(query({ window, providers: [p], horizonDays: 1.5 })))).toBe(
      'VALIDATION: The booking horizon must be a whole number of days ≥ 0.',
    );
    expect(code(() => findSlots(query({ window: { start: window.start }, providers: [p] })))).toBe(
      'VALIDATION: A search without an end date needs a booking horizon.',
    );
    expect(code(() => findSlots(query({ window, providers: [p], allFree: true })))).toMatch(/any provider/);
  });

  it('returns nothing for an empty window or one entirely before the notice', () => {
    expect(findSlots(query({ window: { start: t('10:00'), end: t('10:00') }, providers: [p] }))).toEqual([]);
    expect(findSlots(query({ window, providers: [p], now: window.end + MIN }))).toEqual([]);
  });
});
