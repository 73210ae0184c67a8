/**
 * The benchmark baseline: a straightforward minute-array slot search with
 * the engine's rules. Per provider it paints a byte per minute (open, busy),
 * then checks each grid start minute by minute; `any` merges through a Map
 * and a sort. It shares the engine's grid and cached zone offsets, so the
 * benchmark ratio measures the availability algorithm, not zone handling.
 * Inputs must be whole minutes.
 */
import { Blocks, intersectBlocks } from '@main/core/slots/blocks';
import { bookedMs, fairOrder } from '@main/core/slots/fairness';
import { gridBlocks, visitGridStarts } from '@main/core/slots/grid';
import { appendOpenBlocks, compileHours } from '@main/core/slots/hours';
import { roomsInGuardOrder } from '@main/core/slots/rooms';
import { slotRules } from '@main/core/slots/rules';
import { fullQuery, type FullAgenda, type Slot, type SlotQuery } from '@main/core/slots/types';
import { DAY_MS, MINUTE_MS, localDayOf } from '@main/core/slots/zone-day';

const OPEN = 1;
const BUSY = 2;

export function minuteArraySlots(query: SlotQuery): Slot[] {
  const q = fullQuery(query);
  const rules = slotRules(q);
  const lo = Math.max(q.window.start, rules.earliest);
  const hi = Math.min(q.window.end, rules.until);
  if (hi <= lo) return [];
  const pad = rules.bufferBeforeMs + rules.bufferAfterMs + rules.durationMs + DAY_MS;
  const base = Math.floor((lo - pad) / MINUTE_MS) * MINUTE_MS;
  const minutes = new Uint8Array(Math.ceil((hi + pad - base) / MINUTE_MS));
  const index = (t: number) => (t - base) / MINUTE_MS;
  const paint = (s: number, e: number, bit: number) => {
    const from = Math.max(0, index(s));
    const to = Math.min(minutes.length, index(e));
    for (let i = from; i < to; i++) minutes[i]! |= bit;
  };
  const fits = (start: number) => {
    for (let i = index(start); i < index(start + rules.durationMs); i++) if (!(minutes[i]! & OPEN)) return false;
    for (let i = index(start - rules.bufferBeforeMs); i < index(start + rules.durationMs + rules.bufferAfterMs); i++) {
      if (minutes[i]! & BUSY) return false;
    }
    return true;
  };

  /** Paints one provider and returns their grid blocks (as the engine anchors them). */
  const paintProvider = (p: FullAgenda): Blocks => {
    minutes.fill(0);
    const blocks = new Blocks();
    const hours = compileHours(p.hours);
    appendOpenBlocks(hours, localDayOf(p.hours.zone, lo) - 1, localDayOf(p.hours.zone, hi + rules.durationMs) + 1, blocks);
    for (let i = 0; i < blocks.length; i += 3) paint(blocks.data[i]!, blocks.data[i + 1]!, OPEN);
    for (const x of [...p.appointments, ...p.blockouts, ...p.externalBusy]) paint(x.start, x.end, BUSY);
    return blocks;
  };
  const gridStarts = (blocks: Blocks, zone: string): number[] => {
    const starts: number[] = [];
    for (const g of gridBlocks(blocks, zone, rules.roundToMs, lo, hi)) visitGridStarts(g, g.start, g.end, rules.stepMs, (s) => starts.push(s));
    return starts.filter((s) => s >= lo && s < hi);
  };

  const chosen = new Map<number, string[]>();
  if (q.method === 'any') {
    const order = fairOrder(q.providers.map((p) => ({ id: p.id, bookedMs: bookedMs(p, { start: q.window.start, end: hi }) })));
    for (const i of order) {
      const p = q.providers[i]!;
      for (const s of gridStarts(paintProvider(p), p.hours.zone)) {
        if (!chosen.has(s) && fits(s)) chosen.set(s, [p.id]);
      }
    }
  } else {
    // A team: a start must fit every member's minutes; the grid is the first member's blocks cut by the others'.
    let candidates: Set<number> | null = null;
    let team: Blocks | null = null;
    for (const p of q.providers) {
      const blocks = paintProvider(p);
      team = team === null ? blocks : intersectBlocks(team, blocks, new Blocks());
      const ok: Set<number> = new Set();
      for (let s = Math.ceil(lo / MINUTE_MS) * MINUTE_MS; s < hi; s += MINUTE_MS) {
        if ((candidates === null || candidates.has(s)) && fits(s)) ok.add(s);
      }
      candidates = ok;
    }
    for (const s of gridStarts(team ?? new Blocks(), q.providers[0]!.hours.zone)) {
      if (candidates?.has(s)) chosen.set(s, q.providers.map((p) => p.id));
    }
  }

  const rooms = roomsInGuardOrder(q.rooms);
  const out: Slot[] = [];
  for (const s of [...chosen.keys()].sort((a, b) => a - b)) {
    let roomId: string | null = null;
    if (rules.needsRoom) {
      const busySpan = { start: s - rules.bufferBeforeMs, end: s + rules.durationMs + rules.bufferAfterMs };
      const free = rooms.find((r) => [...r.appointments, ...r.blockouts].every((x) => x.end <= x.start || x.end <= busySpan.start || x.start >= busySpan.end));
      if (!free) continue;
      roomId = free.id;
    }
    out.push({ start: s, end: s + rules.durationMs, providerIds: chosen.get(s) as Slot['providerIds'], roomId: roomId as Slot['roomId'] });
  }
  return out;
}
