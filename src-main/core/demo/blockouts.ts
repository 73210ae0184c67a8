import type { ProviderId, RoomId } from '@shared/domain/ids';
import { createBlockout } from '../clinic';
import type { CoreContext } from '../context';
import { openMinutesOn } from '../slots/hours';
import type { Interval } from '../slots/interval';
import { isoWeekday, localMinuteToInstant } from '../slots/zone-day';
import type { LocationModel, ProviderModel } from './setup';
import { minutesOf } from './setup';
import type { Random } from './random';

/** The blockouts of one site on one local date, by whom they block. */
export interface DayBlockouts {
  byProvider: Map<ProviderId, Interval[]>;
  byRoom: Map<RoomId, Interval[]>;
}

/**
 * Creates one site's blockouts for a date through the clinic service and
 * returns them for scheduling around:
 * - a lunch break for providers whose hours run straight through;
 * - the Wednesday 08:00 team meeting for everyone working there that day;
 * - equipment service in the first operatory on the first Monday of a month;
 * - now and then a provider's continuing-education afternoon or a conference day.
 */
export function createDayBlockouts(
  ctx: CoreContext,
  location: LocationModel,
  date: string,
  working: readonly ProviderModel[],
  rng: Random,
): DayBlockouts {
  const out: DayBlockouts = { byProvider: new Map(), byRoom: new Map() };
  const create = (providerId: ProviderId | null, roomId: RoomId | null, start: string, end: string, reason: string) => {
    const startAt = localMinuteToInstant(location.zone, date, minutesOf(start));
    const endAt = localMinuteToInstant(location.zone, date, minutesOf(end));
    createBlockout(ctx, { providerId, roomId, startAt, endAt, reason });
    return { start: startAt, end: endAt };
  };
  const blockProvider = (id: ProviderId, start: string, end: string, reason: string) =>
    addTo(out.byProvider, id, create(id, null, start, end, reason));
  const blockRoom = (id: RoomId, start: string, end: string, reason: string) =>
    addTo(out.byRoom, id, create(null, id, start, end, reason));

  const weekday = isoWeekday(date);
  for (const p of working) {
    const site = p.sites.find((s) => s.location.id === location.id)!;
    const open = openMinutesOn(site.hours, date);
    if (open.length === 0) continue;
    if (rng.chance(0.006)) {
      blockProvider(p.id, '07:00', '19:00', 'Conference');
      continue;
    }
    if (p.def.lunchBlockout) blockProvider(p.id, p.def.lunchBlockout[0], p.def.lunchBlockout[1], 'Lunch');
    const inHours = (start: string, end: string) => open.some(([s, e]) => s <= minutesOf(start) && e >= minutesOf(end));
    if (weekday === 3 && inHours('08:00', '08:30')) blockProvider(p.id, '08:00', '08:30', 'Team meeting');
    if (rng.chance(0.02)) blockProvider(p.id, '14:00', '16:00', 'Continuing education');
  }
  const firstOperatory = location.rooms.find((r) => r.kind === 'operatory');
  if (firstOperatory && weekday === 1 && Number(date.slice(8, 10)) <= 7) {
    blockRoom(firstOperatory.id, '07:00', '10:00', 'Equipment service');
  }
  return out;
}

function addTo<K>(map: Map<K, Interval[]>, key: K, interval: Interval): void {
  const list = map.get(key);
  if (list) list.push(interval);
  else map.set(key, [interval]);
}
