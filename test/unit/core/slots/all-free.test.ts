import { describe, expect, it } from 'vitest';
import type { ProviderId } from '@shared/domain/ids';
import { findSlots, nextAvailable, type SlotQuery } from '@main/core/slots';
import { at, everyDay, hm, localDay, provider, query, room, wall } from './support/build';

const zone = 'America/New_York';
const day = '2026-06-02';
const t = (hhmm: string) => at(zone, day, hhmm);

describe('any with allFree: who is free at each time', () => {
  // In 09:00–10:30 p-a and p-b have each booked half an hour, p-c nothing: fairness order p-c, p-a, p-b (ties by id).
  const team = () => [
    provider('p-a', { zone, appointments: [['a1', t('09:00'), t('09:30')]] }),
    provider('p-b', { zone, appointments: [['b1', t('10:00'), t('11:00')]] }),
    provider('p-c', { zone, weekly: everyDay(hm('09:30'), hm('17:00')) }),
  ];

  it('lists every free provider, fairest first, with the fair pick leading', () => {
    const slots = findSlots(query({ window: { start: t('09:00'), end: t('10:30') }, providers: team(), method: 'any', allFree: true }));
    expect(slots.map((s) => `${wall(zone, s.start)} ${s.providerIds.join()} [${s.free!.providerIds.join()}]`)).toEqual([
      '09:00 p-b [p-b]', // p-a is booked, p-c not in yet
      '09:15 p-b [p-b]',
      '09:30 p-c [p-c,p-a,p-b]', // p-b's visit at 10:00 leaves room for one more half hour
      '09:45 p-c [p-c,p-a]',
      '10:00 p-c [p-c,p-a]',
      '10:15 p-c [p-c,p-a]',
    ]);
    expect(slots.every((s) => s.free!.roomIds.length === 0 && s.roomId === null)).toBe(true);
  });

  it('without allFree the slots are the same, with no list', () => {
    const q = query({ window: localDay(zone, day), providers: team(), method: 'any' });
    const all = findSlots({ ...q, allFree: true });
    expect(findSlots(q)).toEqual(all.map(({ free: _, ...s }) => s));
  });

  it('lists every free eligible room in the guard’s order, the slot’s room first', () => {
    const rooms = [room('r2'), room('r1', { appointments: [['x', t('09:00'), t('09:30')]] })];
    const q = query({
      window: { start: t('09:00'), end: t('09:30') },
      providers: team(),
      method: 'any',
      allFree: true,
      rooms,
      type: { needsRoom: true },
    });
    expect(findSlots(q).map((s) => [wall(zone, s.start), s.roomId, s.free!.roomIds])).toEqual([
      ['09:00', 'r2', ['r2']],
      ['09:15', 'r2', ['r2']],
    ]);
    expect(nextAvailable(q, 1)).toEqual(findSlots(q).slice(0, 1));
  });
});

describe('defaults for what a query leaves out', () => {
  it('agendas without blockouts, appointments, external busy time or overrides, and no rooms', () => {
    const minimal: SlotQuery = {
      window: localDay(zone, day),
      type: { durationMin: 30, bufferBeforeMin: 0, bufferAfterMin: 0, needsRoom: false },
      now: 0,
      method: 'single',
      providers: [{ id: 'p1' as ProviderId, hours: { zone, weekly: everyDay(hm('09:00'), hm('17:00')) } }],
    };
    expect(findSlots(minimal)).toEqual(findSlots(query({ window: minimal.window, providers: [provider('p1', { zone })] })));
    expect(findSlots(minimal)).toHaveLength(31);
  });
});
