/**
 * A brute-force, minute-by-minute slot oracle, written apart from the engine
 * (it shares only the input and output types). It never turns a written
 * time into an instant: it walks the instants minute by minute, asks luxon
 * for each one's local date, wall time and offset, and checks every rule on
 * those readings — a minute is open when its wall time lies inside the
 * written hours of its date; a start is on the grid when its wall time is
 * the written opening time plus a whole number of intervals. So it knows
 * nothing of first or second occurrences in a fold, nor of where a gap
 * "resolves": it cannot share such a rule with the engine. Slow and
 * obviously right. Inputs must be whole minutes.
 */
import { DateTime, IANAZone } from 'luxon';
import type { ProviderId, RoomId } from '@shared/domain/ids';
import type { HoursInput } from '@main/core/slots/hours';
import type { BlockoutSpan, BookedSpan, ExternalBusySpan, ProviderAgenda, RoomAgenda, Slot, SlotQuery } from '@main/core/slots/types';

const MIN = 60_000;
const DAY = 86_400_000;

/** luxon's reading of every minute instant in [from, to) in one zone: its offset, and from it the clock's date and time. */
class Readings {
  readonly date: string[] = [];
  /** Minutes after local midnight shown on the clock. */
  readonly minuteOfDay: number[] = [];
  /** Offset east of UTC, ms. */
  readonly offset: number[] = [];
  constructor(
    readonly zone: string,
    readonly from: number,
    readonly to: number,
  ) {
    const z = IANAZone.create(zone);
    const dates = new Map<number, string>();
    for (let t = from; t < to; t += MIN) {
      const offset = z.offset(t) * MIN;
      const wall = t + offset;
      const day = Math.floor(wall / DAY);
      if (!dates.has(day)) dates.set(day, new Date(day * DAY).toISOString().slice(0, 10));
      this.date.push(dates.get(day)!);
      this.minuteOfDay.push((wall - day * DAY) / MIN);
      this.offset.push(offset);
    }
  }
  covers(from: number, to: number): boolean {
    return this.from <= from && to <= this.to;
  }
  index(t: number): number {
    if (t < this.from || t >= this.to) throw new Error('oracle readings too short');
    return (t - this.from) / MIN;
  }
}

const cache: Readings[] = [];
function readingsFor(zone: string, from: number, to: number): Readings {
  const hit = cache.find((r) => r.zone === zone && r.covers(from, to));
  if (hit) return hit;
  const r = new Readings(zone, from - 3 * DAY, to + 3 * DAY);
  cache.push(r);
  if (cache.length > 200) cache.shift();
  return r;
}

const wallMidnight = (date: string): number => Date.parse(date + 'T00:00:00Z');
const isoPlus = (date: string, days: number): string => new Date(wallMidnight(date) + days * DAY).toISOString().slice(0, 10);
function weekdayOf(date: string): number {
  const d = new Date(wallMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The written ranges of a date (overrides replace the weekly rows), sorted, with touching and overlapping ones merged. */
function writtenRanges(hours: HoursInput, date: string): Array<[number, number]> {
  const overrides = (hours.overrides ?? []).filter((o) => o.date === date);
  const rows =
    overrides.length > 0
      ? overrides.flatMap((o) => (o.kind === 'special' ? [[o.startMin, o.endMin] as [number, number]] : []))
      : hours.weekly
          .filter((r) => r.weekday === weekdayOf(date) && r.effectiveFrom <= date && (r.effectiveUntil === null || date <= r.effectiveUntil))
          .map((r) => [r.startMin, r.endMin] as [number, number]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of rows.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

interface Member {
  agenda: ProviderAgenda;
  readings: Readings;
  /** Per minute of the oracle's range: the written opening (minutes) of the range the clock is in, or -1 when closed. */
  opening: Int16Array;
  busy: Uint8Array;
}

export function oracleSlots(q: SlotQuery): Slot[] {
  const D = (q.durationMin ?? q.type.durationMin) * MIN;
  const step = (q.intervalMin ?? 15) * MIN;
  const round = q.roundToMin === undefined ? null : q.roundToMin * MIN;
  const bb = q.type.bufferBeforeMin * MIN;
  const ba = q.type.bufferAfterMin * MIN;
  const earliest = q.now + (q.minNoticeMin ?? 0) * MIN;
  const leadZone = q.providers[0]!.hours.zone;

  // Horizon: starts on a local date no later than today + N (in the lead's zone).
  let until = Infinity;
  if (q.horizonDays != null) {
    const last = isoPlus(DateTime.fromMillis(q.now, { zone: leadZone }).toISODate()!, q.horizonDays);
    const r = readingsFor(leadZone, q.now - DAY, q.now + (q.horizonDays + 3) * DAY);
    for (let t = Math.ceil(q.now / MIN) * MIN; ; t += MIN) {
      if (r.date[r.index(t)]! > last) {
        until = t;
        break;
      }
    }
  }
  const end = Math.min(q.window.end ?? Infinity, until);
  if (end === Infinity) throw new Error('oracle: unbounded query');
  const from = q.window.start - 2 * DAY;
  const to = end + 2 * DAY;
  const size = (to - from) / MIN;
  const at = (t: number) => (t - from) / MIN;

  const paint = (arr: Uint8Array, xs: ReadonlyArray<{ start: number; end: number }>): void => {
    for (const x of xs) for (let t = Math.max(x.start, from); t < Math.min(x.end, to); t += MIN) arr[at(t)] = 1;
  };
  const clear = (arr: Uint8Array, s: number, e: number): boolean => {
    for (let t = s; t < e; t += MIN) if (t >= from && t < to && arr[at(t)]) return false;
    return true;
  };
  const busyOf = (lists: ReadonlyArray<readonly (BookedSpan | BlockoutSpan | ExternalBusySpan)[] | undefined>): Uint8Array => {
    const arr = new Uint8Array(size);
    for (const xs of lists) paint(arr, xs ?? []);
    return arr;
  };

  const members: Member[] = q.providers.map((agenda) => {
    const readings = readingsFor(agenda.hours.zone, from, to);
    const opening = new Int16Array(size).fill(-1);
    const perDate = new Map<string, Array<[number, number]>>();
    for (let t = from; t < to; t += MIN) {
      const i = readings.index(t);
      const date = readings.date[i]!;
      if (!perDate.has(date)) perDate.set(date, writtenRanges(agenda.hours, date));
      const m = readings.minuteOfDay[i]!;
      const range = perDate.get(date)!.find(([s, e]) => s <= m && m < e);
      if (range) opening[at(t)] = range[0];
    }
    return { agenda, readings, opening, busy: busyOf([agenda.appointments, agenda.blockouts, agenda.externalBusy]) };
  });

  const openThroughout = (m: Member, s: number, e: number): boolean => {
    for (let t = s; t < e; t += MIN) if (t < from || t >= to || m.opening[at(t)] === -1) return false;
    return true;
  };
  const fits = (m: Member, t: number): boolean => openThroughout(m, t, t + D) && clear(m.busy, t - bb, t + D + ba);

  /**
   * Whether t is on the grid of these members read in `lead`'s zone: each member's written
   * opening, as the instant it would be at that member's offset now; the latest of them,
   * rounded up in the lead's wall time; then whole steps from there.
   */
  const onGrid = (group: Member[], t: number): boolean => {
    let anchor = -Infinity;
    for (const m of group) {
      const i = m.readings.index(t);
      const opening = m.opening[at(t)]!;
      if (opening === -1) return false;
      anchor = Math.max(anchor, wallMidnight(m.readings.date[i]!) + opening * MIN - m.readings.offset[i]!);
    }
    if (round !== null) {
      const lead = group[0]!.readings;
      const i = lead.index(t);
      const midnight = wallMidnight(lead.date[i]!);
      const wall = anchor + lead.offset[i]!;
      anchor = midnight + Math.ceil((wall - midnight) / round) * round - lead.offset[i]!;
    }
    return t >= anchor && (t - anchor) % step === 0;
  };

  const fairEnd = end;
  const booked = (p: ProviderAgenda): number => {
    const arr = new Uint8Array(size);
    paint(
      arr,
      (p.appointments ?? []).map((a) => ({ start: Math.max(a.start, q.window.start), end: Math.min(a.end, fairEnd) })),
    );
    return arr.reduce((n, x) => n + x, 0);
  };
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const bookedOf = new Map(members.map((m) => [m, booked(m.agenda)]));
  const fair = [...members].sort((a, b) => bookedOf.get(a)! - bookedOf.get(b)! || byId(a.agenda.id, b.agenda.id));

  // The guard's ORDER BY name, id (test names and ids are ASCII).
  const rooms = [...(q.rooms ?? [])].sort((a, b) => byId(a.name ?? '', b.name ?? '') || byId(a.id, b.id));
  const roomBusy = rooms.map((r: RoomAgenda) => busyOf([r.appointments, r.blockouts]));
  const freeRooms = (t: number): RoomId[] => rooms.filter((_, i) => clear(roomBusy[i]!, t - bb, t + D + ba)).map((r) => r.id);

  const out: Slot[] = [];
  for (let t = Math.ceil(q.window.start / MIN) * MIN; t < end; t += MIN) {
    if (t < earliest) continue;
    let who: ProviderId[];
    let everyone: ProviderId[] | null = null;
    if (q.method === 'any') {
      const free = fair.filter((m) => onGrid([m], t) && fits(m, t));
      if (free.length === 0) continue;
      who = [free[0]!.agenda.id];
      if (q.allFree) everyone = free.map((m) => m.agenda.id);
    } else {
      if (!onGrid(members, t) || !members.every((m) => fits(m, t))) continue;
      who = members.map((m) => m.agenda.id);
    }
    const roomIds = q.type.needsRoom ? freeRooms(t) : [];
    if (q.type.needsRoom && roomIds.length === 0) continue;
    const slot: Slot = { start: t, end: t + D, providerIds: who, roomId: roomIds[0] ?? null };
    if (everyone) slot.free = { providerIds: everyone, roomIds };
    out.push(slot);
  }
  return out;
}
