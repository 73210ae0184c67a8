/** Small builders that keep slot tests readable. Times go through luxon, independently of the engine. */
import { DateTime } from 'luxon';
import type { AppointmentId, BlockoutId, EpochMs, ProviderId, RoomId } from '@shared/domain/ids';
import type { HoursOverride, WeeklyHoursRule } from '@main/core/slots/hours';
import type { ProviderAgenda, RoomAgenda, SlotQuery } from '@main/core/slots/types';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The instant of local `date` `hh:mm` in `zone`; `occurrence: 2` picks the second pass of a fall-back hour. */
export function at(zone: string, date: string, hhmm: string, occurrence: 1 | 2 = 1): EpochMs {
  const dt = DateTime.fromISO(`${date}T${hhmm}`, { zone });
  if (!dt.isValid) throw new Error(`bad time ${date} ${hhmm}`);
  // luxon resolves a repeated wall time to one of its passes; look at both sides for the other.
  const passes = [-HOUR, 0, HOUR]
    .map((d) => dt.toMillis() + d)
    .filter((t) => DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM-dd HH:mm') === `${date} ${hhmm}`);
  const pick = passes[occurrence - 1];
  if (pick === undefined) throw new Error(`${date} ${hhmm} does not happen ${occurrence} times in ${zone}`);
  return pick;
}

/** Local wall time of an instant, with the zone abbreviation when it helps (fold hours). */
export function wall(zone: string, t: EpochMs, withZone = false): string {
  return DateTime.fromMillis(t, { zone }).toFormat(withZone ? 'HH:mm ZZZZ' : 'HH:mm');
}

export function everyDay(startMin: number, endMin: number, effectiveFrom = '2000-01-01'): WeeklyHoursRule[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMin, endMin, effectiveFrom, effectiveUntil: null }));
}

export const hm = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

export interface ProviderSpec {
  zone: string;
  weekly?: WeeklyHoursRule[];
  overrides?: HoursOverride[];
  appointments?: Array<[string, EpochMs, EpochMs]>;
  blockouts?: Array<[string, EpochMs, EpochMs]>;
  externalBusy?: Array<[EpochMs, EpochMs]>;
}

export function provider(id: string, spec: ProviderSpec): ProviderAgenda {
  return {
    id: id as ProviderId,
    hours: { zone: spec.zone, weekly: spec.weekly ?? everyDay(hm('09:00'), hm('17:00')), overrides: spec.overrides ?? [] },
    appointments: (spec.appointments ?? []).map(([aid, start, end]) => ({ id: aid as AppointmentId, start, end })),
    blockouts: (spec.blockouts ?? []).map(([bid, start, end]) => ({ id: bid as BlockoutId, start, end })),
    externalBusy: (spec.externalBusy ?? []).map(([start, end], i) => ({ id: `x${i}`, start, end })),
  };
}

export function room(id: string, spec: { appointments?: Array<[string, EpochMs, EpochMs]>; blockouts?: Array<[string, EpochMs, EpochMs]> } = {}): RoomAgenda {
  return {
    id: id as RoomId,
    appointments: (spec.appointments ?? []).map(([aid, start, end]) => ({ id: aid as AppointmentId, start, end })),
    blockouts: (spec.blockouts ?? []).map(([bid, start, end]) => ({ id: bid as BlockoutId, start, end })),
  };
}

export interface QuerySpec extends Partial<Omit<SlotQuery, 'type'>> {
  window: SlotQuery['window'];
  providers: ProviderAgenda[];
  type?: Partial<SlotQuery['type']>;
}

/** A query with receptionist defaults: 30-minute visit, no buffers, no room, now long before. */
export function query(spec: QuerySpec): SlotQuery {
  const { type, ...rest } = spec;
  return {
    method: 'single',
    now: 0,
    rooms: [],
    ...rest,
    type: { durationMin: 30, bufferBeforeMin: 0, bufferAfterMin: 0, needsRoom: false, ...type },
  };
}

/** The local day [00:00, next 00:00) of `date` in `zone`. */
export function localDay(zone: string, date: string): { start: EpochMs; end: EpochMs } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}
