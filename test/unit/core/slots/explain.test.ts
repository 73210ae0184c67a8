import { describe, expect, it } from 'vitest';
import type { EpochMs, ProviderId, RoomId } from '@shared/domain/ids';
import { REASON_KINDS, reasonSentence, type Reason } from '@shared/domain/slots';
import { explain } from '@main/core/slots';
import { HOUR, at, everyDay, hm, localDay, provider, query, room, wall } from './support/build';

const zone = 'America/New_York';
const day = '2026-06-02';
const t = (hhmm: string) => at(zone, day, hhmm);
const window = localDay(zone, day);

describe('explain: why a time is not bookable', () => {
  it('says nothing for a bookable time', () => {
    expect(explain(query({ window, providers: [provider('p1', { zone })] }), t('10:15'))).toEqual([]);
  });

  it('names the clashing appointment by id only, and tells a buffer clash from a visit clash', () => {
    const p = provider('p1', { zone, appointments: [['appt-1', t('10:00'), t('10:30')]] });
    const q = query({ window, providers: [p], type: { bufferAfterMin: 15 } });
    expect(explain(q, t('10:15'))).toEqual([{ kind: 'appointment', appointmentId: 'appt-1', providerId: 'p1', roomId: null }]);
    // 09:30–10:00 itself is free; its 15 minutes of clean-up are not.
    expect(explain(q, t('09:30'))).toEqual([{ kind: 'buffer', appointmentId: 'appt-1', providerId: 'p1', roomId: null }]);
  });

  it('uses the other appointment’s visit, when given, to call a clash with its buffer a buffer clash', () => {
    const p = provider('p1', { zone });
    const withVisit = {
      ...p,
      appointments: [{ id: 'appt-2' as never, start: t('10:00'), end: t('10:45'), visit: { start: t('10:00'), end: t('10:30') } }],
    };
    expect(explain(query({ window, providers: [withVisit] }), t('10:30'))).toEqual([
      { kind: 'buffer', appointmentId: 'appt-2', providerId: 'p1', roomId: null },
    ]);
  });

  it('lists blockouts and external busy time', () => {
    const p = provider('p1', { zone, blockouts: [['blk-1', t('10:00'), t('11:00')]], externalBusy: [[t('10:20'), t('10:40')]] });
    expect(explain(query({ window, providers: [p] }), t('10:15'))).toEqual([
      { kind: 'blockout', blockoutId: 'blk-1', providerId: 'p1', roomId: null },
      { kind: 'external_busy', providerId: 'p1', start: t('10:20'), end: t('10:40') },
    ]);
  });

  it('outside hours, with the date override that explains it', () => {
    const p = provider('p1', { zone, overrides: [{ date: day, kind: 'special', startMin: hm('09:00'), endMin: hm('12:00') }] });
    const q = query({ window, providers: [p] });
    expect(explain(q, t('14:00'))).toEqual([
      { kind: 'outside_hours', providerId: 'p1' },
      { kind: 'date_override', providerId: 'p1', date: day, override: 'special' },
    ]);
    expect(explain(q, t('11:45'))).toEqual([
      { kind: 'outside_hours', providerId: 'p1' },
      { kind: 'date_override', providerId: 'p1', date: day, override: 'special' },
    ]);
    const closed = provider('p1', { zone, overrides: [{ date: day, kind: 'closed' }] });
    expect(explain(query({ window, providers: [closed] }), t('10:00'))).toContainEqual({
      kind: 'date_override',
      providerId: 'p1',
      date: day,
      override: 'closed',
    });
    expect(explain(query({ window, providers: [provider('p1', { zone })] }), t('07:00'))).toEqual([
      { kind: 'outside_hours', providerId: 'p1' },
    ]);
  });

  it('off the grid: says how often visits start and the nearest starts', () => {
    const q = query({ window, providers: [provider('p1', { zone })] });
    expect(explain(q, t('10:07'))).toEqual([
      { kind: 'off_grid', providerId: 'p1', intervalMin: 15, previous: t('10:00'), next: t('10:15') },
    ]);
  });

  it('notice and horizon', () => {
    const q = query({ window, providers: [provider('p1', { zone })], now: t('10:00'), minNoticeMin: 120, horizonDays: 0 });
    expect(explain(q, t('11:00'))).toEqual([{ kind: 'notice', earliest: t('12:00') }]);
    expect(explain(q, t('16:00'))).toEqual([]);
    // Horizon 0: today only, so tomorrow's morning is beyond it (bookings are open until midnight).
    expect(explain(q, at(zone, '2026-06-03', '09:00'))).toEqual([{ kind: 'horizon', until: at(zone, '2026-06-03', '00:00') }]);
  });

  it('no room: the room-scoped reasons of every eligible room', () => {
    const rooms = [
      room('r-2', { appointments: [['ra', t('10:00'), t('11:00')]] }),
      room('r-1', { blockouts: [['rb', t('09:00'), t('12:00')]] }),
    ];
    const q = query({ window, providers: [provider('p1', { zone })], rooms, type: { needsRoom: true } });
    expect(explain(q, t('10:00'))).toEqual([
      { kind: 'no_room' },
      { kind: 'blockout', blockoutId: 'rb', providerId: null, roomId: 'r-1' },
      { kind: 'appointment', appointmentId: 'ra', providerId: null, roomId: 'r-2' },
    ]);
    expect(explain(q, t('11:00'))).toEqual([]);
    expect(explain({ ...q, rooms: [] }, t('11:00'))).toEqual([{ kind: 'no_room' }]);
  });

  it('any: no provider reasons while one provider can take it; all of them when none can', () => {
    const a = provider('p-a', { zone, appointments: [['x', t('10:00'), t('10:30')]] });
    const b = provider('p-b', { zone, blockouts: [['y', t('09:00'), t('12:00')]] });
    expect(explain(query({ window, providers: [a, b], method: 'any' }), t('11:00'))).toEqual([]);
    expect(explain(query({ window, providers: [a, b], method: 'any' }), t('10:00'))).toEqual([
      { kind: 'appointment', appointmentId: 'x', providerId: 'p-a', roomId: null },
      { kind: 'blockout', blockoutId: 'y', providerId: 'p-b', roomId: null },
    ]);
  });

  it('collective: every member’s reasons; the shared grid has no single owner', () => {
    const a = provider('p-a', { zone, weekly: everyDay(hm('09:10'), hm('17:00')) });
    const b = provider('p-b', { zone, appointments: [['x', t('09:00'), t('09:40')]] });
    const q = query({ window, providers: [a, b], method: 'collective' });
    expect(explain(q, t('09:00'))).toEqual([
      { kind: 'outside_hours', providerId: 'p-a' },
      { kind: 'appointment', appointmentId: 'x', providerId: 'p-b', roomId: null },
    ]);
    expect(explain(q, t('10:00'))).toEqual([
      { kind: 'off_grid', providerId: null, intervalMin: 15, previous: t('09:55'), next: t('10:10') },
    ]);
  });

  it('reasons for a spring-forward night read in wall time', () => {
    const p = provider('p1', { zone, weekly: everyDay(0, hm('05:00')) });
    const q = query({ window: localDay(zone, '2026-03-08'), providers: [p] });
    // 03:10 EDT is on the wall clock, not on the grid; its neighbours are 03:00 and 03:15.
    const [reason] = explain(q, at(zone, '2026-03-08', '03:10'));
    expect(reason).toMatchObject({ kind: 'off_grid' });
    const r = reason as Extract<Reason, { kind: 'off_grid' }>;
    expect([wall(zone, r.previous!), wall(zone, r.next!)]).toEqual(['03:00', '03:15']);
    expect(r.next! - r.previous!).toBe(HOUR / 4);
  });
});

describe('reasonSentence', () => {
  it('renders every kind as a sentence with names, never ids', () => {
    const wording = {
      providerName: (id: ProviderId) => (id === 'p1' ? 'Dr Rivera' : 'Dr ?'),
      roomName: (id: RoomId) => (id === 'r1' ? 'Room 1' : 'Room ?'),
      time: (ms: EpochMs) => wall(zone, ms),
    };
    const samples: Reason[] = [
      { kind: 'outside_hours', providerId: 'p1' as ProviderId },
      { kind: 'date_override', providerId: 'p1' as ProviderId, date: day, override: 'closed' },
      { kind: 'off_grid', providerId: 'p1' as ProviderId, intervalMin: 15, previous: t('10:00'), next: t('10:15') },
      { kind: 'blockout', blockoutId: 'b' as never, providerId: null, roomId: 'r1' as RoomId },
      { kind: 'appointment', appointmentId: 'a' as never, providerId: 'p1' as ProviderId, roomId: null },
      { kind: 'buffer', appointmentId: 'a' as never, providerId: 'p1' as ProviderId, roomId: null },
      { kind: 'external_busy', providerId: 'p1' as ProviderId, start: t('10:00'), end: t('11:00') },
      { kind: 'notice', earliest: t('12:00') },
      { kind: 'horizon', until: t('16:00') },
      { kind: 'no_room' },
    ];
    expect(samples.map((r) => r.kind).sort()).toEqual([...REASON_KINDS].sort());
    const sentences = samples.map((r) => reasonSentence(r, wording));
    expect(sentences).toEqual([
      'Dr Rivera is not working for the whole visit at this time.',
      'Dr Rivera is not working on 2026-06-02.',
      'Visits with Dr Rivera start every 15 minutes. Nearest: 10:00 or 10:15.',
      'Room 1 is blocked out at this time.',
      'Dr Rivera already has an appointment at this time.',
      'Too close to another appointment of Dr Rivera (preparation or clean-up time).',
      'Dr Rivera is busy in their own calendar from 10:00 to 11:00.',
      'Too short notice: the earliest bookable time is 12:00.',
      'Too far ahead: bookings are open until 16:00.',
      'No suitable room is free for this visit.',
    ]);
  });
});
