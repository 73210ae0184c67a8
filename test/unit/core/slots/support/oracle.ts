/**
 * A brute-force, minute-by-minute slot oracle, written apart from the engine
 * (it shares only the input and output types): every instant is a whole
 * minute, every wall reading comes from luxon per minute, and every rule is
 * checked minute by minute. Slow and obviously right; property tests compare
 * the engine against it. Inputs must be whole minutes.
 */
import { DateTime } from 'luxon';
import type { ProviderId, RoomId } from '../../../../../src-shared/domain/ids';
import type { LocationHours } from '../../../../../src-main/core/slots/hours';
import type { ProviderAgenda, RoomAgenda, Slot, SlotQuery } from '../../../../../src-main/core/slots/types';

const MIN = 60_000;
const DAY = 86_400_000;

/** Wall readings (local time read as UTC, ms) of every minute instant in [from, to), from luxon. */
export class WallTable {
  readonly wall: number[] = [];
  private readonly firstAt = new Map<number, number>();
  private readonly lastAt = new Map<number, number>();
  constructor(
    readonly zone: string,
    readonly from: number,
    readonly to: number,
  ) {
    for (let t = from; t < to; t += MIN) {
      const w = t + DateTime.fromMillis(t, { zone }).offset * MIN;
      this.wall.push(w);
      if (!this.firstAt.has(w)) this.firstAt.set(w, t);
      this.lastAt.set(w, t);
    }
  }
  covers(from: number, to: number): boolean {
    return this.from <= from && to <= this.to;
  }
  private index(t: number): number {
    if (t < this.from || t >= this.to) throw new Error('oracle table too short');
    return (t - this.from) / MIN;
  }
  wallOf(t: number): number {
    return this.wall[this.index(t)]!;
  }
  /** The local date: the calendar date of the wall reading. */
  dateOf(t: number): string {
    return new Date(this.wallOf(t)).toISOString().slice(0, 10);
  }
  /** First instant reading `w`; when none does (a spring-forward gap), the first reading later than `w`. */
  first(w: number): number {
    const hit = this.firstAt.get(w);
    if (hit !== undefined) return hit;
    for (let i = 0; i < this.wall.length; i++) {
      if (this.wall[i]! > w) {
        this.firstAt.set(w, this.from + i * MIN);
        return this.from + i * MIN;
      }
    }
    throw new Error('oracle table too short');
  }
  /** Last instant reading `w` (the fold's second pass); in a gap, as first(). */
  last(w: number): number {
    return this.lastAt.get(w) ?? this.first(w);
  }
}

const tables: WallTable[] = [];
export function tableFor(zone: string, from: number, to: number): WallTable {
  const hit = tables.find((t) => t.zone === zone && t.covers(from, to));
  if (hit) return hit;
  const t = new WallTable(zone, from - 4 * DAY, to + 4 * DAY);
  tables.push(t);
  return t;
}

function wallMidnight(date: string): number {
  return Date.parse(date + 'T00:00:00Z');
}

function isoPlus(date: string, days: number): string {
  return new Date(wallMidnight(date) + days * DAY).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  const d = new Date(wallMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Open minute ranges of a date: overrides replace the weekly rules. */
function rangesOn(hours: LocationHours, date: string): Array<[number, number]> {
  const ov = hours.overrides.filter((o) => o.date === date);
  if (ov.length > 0) return ov.flatMap((o) => (o.kind === 'special' ? [[o.startMin, o.endMin] as [number, number]] : []));
  return hours.weekly
    .filter((r) => r.weekday === weekdayOf(date) && r.effectiveFrom <= date && (r.effectiveUntil === null || date <= r.effectiveUntil))
    .map((r) => [r.startMin, r.endMin] as [number, number]);
}

interface Block {
  start: number;
  end: number;
}

/** One block per merged run of a day's open wall minutes, as instants; instants that overlap (a fold) join. */
function blocksOf(hours: LocationHours, table: WallTable, firstDate: string, lastDate: string): Block[] {
  const out: Block[] = [];
  for (let d = firstDate; d <= lastDate; d = isoPlus(d, 1)) {
    const open = new Uint8Array(1440);
    for (const [s, e] of rangesOn(hours, d)) for (let m = s; m < e; m++) open[m] = 1;
    const dayEnd = table.first(wallMidnight(d) + DAY);
    const dayBlocks: Block[] = [];
    for (let m = 0; m < 1440; m++) {
      if (!open[m] || (m > 0 && open[m - 1])) continue;
      let e = m;
      while (e < 1440 && open[e]) e++;
      const start = table.first(wallMidnight(d) + m * MIN);
      const end = Math.min(dayEnd, table.last(wallMidnight(d) + e * MIN));
      if (end > start) dayBlocks.push({ start, end });
    }
    for (const b of dayBlocks) {
      const last = dayBlocks.indexOf(b) > 0 ? out[out.length - 1] : undefined;
      if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
      else out.push({ ...b });
    }
  }
  return out;
}

interface Member {
  agenda: ProviderAgenda;
  table: WallTable;
  blocks: Block[];
  open: Uint8Array;
  busy: Uint8Array;
}

export interface OracleOptions {
  /** Minutes of table on each side of the window (DST and visits reaching out of it). */
  marginDays?: number;
}

export function oracleSlots(q: SlotQuery, opts: OracleOptions = {}): Slot[] {
  const margin = (opts.marginDays ?? 2) * DAY;
  const from = q.window.start - margin;
  const to = q.window.end + margin;
  const size = (to - from) / MIN;
  const D = (q.durationMin ?? q.type.durationMin) * MIN;
  const step = (q.intervalMin ?? 15) * MIN;
  const round = q.roundToMin === undefined ? null : q.roundToMin * MIN;
  const bb = q.type.bufferBeforeMin * MIN;
  const ba = q.type.bufferAfterMin * MIN;
  const earliest = q.now + (q.minNoticeMin ?? 0) * MIN;
  const until = q.horizonDays == null ? Infinity : q.now + q.horizonDays * DAY;

  const mark = (arr: Uint8Array, s: number, e: number): void => {
    for (let t = Math.max(s, from); t < Math.min(e, to); t += MIN) arr[(t - from) / MIN] = 1;
  };
  const allMarked = (arr: Uint8Array, s: number, e: number): boolean => {
    for (let t = s; t < e; t += MIN) if (t < from || t >= to || !arr[(t - from) / MIN]) return false;
    return true;
  };
  const noneMarked = (arr: Uint8Array, s: number, e: number): boolean => {
    for (let t = s; t < e; t += MIN) if (t >= from && t < to && arr[(t - from) / MIN]) return false;
    return true;
  };

  const members: Member[] = q.providers.map((agenda) => {
    const table = tableFor(agenda.hours.zone, from - DAY, to + DAY);
    const blocks = blocksOf(agenda.hours, table, table.dateOf(from), table.dateOf(to - MIN));
    const open = new Uint8Array(size);
    for (const b of blocks) mark(open, b.start, b.end);
    const busy = new Uint8Array(size);
    for (const x of [...agenda.appointments, ...agenda.blockouts, ...agenda.externalBusy]) mark(busy, x.start, x.end);
    return { agenda, table, blocks, open, busy };
  });

  /** t is a start of `block` on the grid of `table`'s zone (block lies within one local day there). */
  const onGrid = (t: number, block: Block, table: WallTable): boolean => {
    const day = wallMidnight(table.dateOf(block.start));
    const startWall = table.wallOf(block.start);
    const anchorWall = round === null ? startWall : day + Math.ceil((startWall - day) / round) * round;
    const first = anchorWall === startWall ? block.start : Math.max(block.start, table.first(anchorWall));
    return t >= first && t < block.end && (((table.wallOf(t) - anchorWall) % step) + step) % step === 0;
  };

  const freeFor = (m: Member, t: number): boolean =>
    allMarked(m.open, t, t + D) && noneMarked(m.busy, t - bb, t + D + ba);

  /** Team blocks: where every member has a block, cut at the first member's local midnights. */
  const teamBlockAt = (t: number): Block | null => {
    let start = -Infinity;
    let end = Infinity;
    for (const m of members) {
      const b = m.blocks.find((x) => x.start <= t && t < x.end);
      if (!b) return null;
      start = Math.max(start, b.start);
      end = Math.min(end, b.end);
    }
    const lead = members[0]!.table;
    const date = lead.dateOf(t);
    const dayStart = lead.first(wallMidnight(date));
    const dayEnd = lead.first(wallMidnight(isoPlus(date, 1)));
    return { start: Math.max(start, dayStart), end: Math.min(end, dayEnd) };
  };

  const bookedMinutes = (p: ProviderAgenda): number => {
    const arr = new Uint8Array(size);
    for (const a of p.appointments) mark(arr, Math.max(a.start, q.window.start), Math.min(a.end, q.window.end));
    return arr.reduce((n, x) => n + x, 0);
  };
  const fair = [...members].sort((a, b) => {
    const d = bookedMinutes(a.agenda) - bookedMinutes(b.agenda);
    return d !== 0 ? d : a.agenda.id < b.agenda.id ? -1 : a.agenda.id > b.agenda.id ? 1 : 0;
  });

  // The guard's ORDER BY name, id (test names and ids are ASCII).
  const key = (r: RoomAgenda) => [r.name ?? '', r.id] as const;
  const rooms = [...q.rooms].sort((a, b) => {
    const [an, ai] = key(a);
    const [bn, bi] = key(b);
    return an !== bn ? (an < bn ? -1 : 1) : ai < bi ? -1 : ai > bi ? 1 : 0;
  });
  const roomBusy = rooms.map((r: RoomAgenda) => {
    const arr = new Uint8Array(size);
    for (const x of [...r.appointments, ...r.blockouts]) mark(arr, x.start, x.end);
    return arr;
  });
  const roomFor = (t: number): RoomId | null | undefined => {
    if (!q.type.needsRoom) return null;
    const i = roomBusy.findIndex((arr) => noneMarked(arr, t - bb, t + D + ba));
    return i < 0 ? undefined : rooms[i]!.id;
  };

  const out: Slot[] = [];
  const firstMinute = Math.ceil(q.window.start / MIN) * MIN;
  for (let t = firstMinute; t < q.window.end; t += MIN) {
    if (t < earliest || t >= until) continue;
    let who: ProviderId[] | null = null;
    if (q.method === 'any') {
      const m = fair.find((x) => {
        const b = x.blocks.find((y) => y.start <= t && t < y.end);
        return b !== undefined && onGrid(t, b, x.table) && freeFor(x, t);
      });
      if (m) who = [m.agenda.id];
    } else {
      const b = teamBlockAt(t);
      if (b && onGrid(t, b, members[0]!.table) && members.every((m) => freeFor(m, t))) {
        who = members.map((m) => m.agenda.id);
      }
    }
    if (!who) continue;
    const roomId = roomFor(t);
    if (roomId === undefined) continue;
    out.push({ start: t, end: t + D, providerIds: who, roomId });
  }
  return out;
}
