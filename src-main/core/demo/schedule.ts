import type { RoomId } from '@shared/domain/ids';
import { openIntervals } from '../slots/hours';
import { mergeIntervals, overlaps, type Interval } from '../slots/interval';
import { localMinuteToInstant } from '../slots/zone-day';
import type { DayBlockouts } from './blockouts';
import type { Random } from './random';
import type { LocationModel, ProviderModel, TypeModel } from './setup';

const MIN = 60_000;
/** Visits start on the quarter hour, as front desks book them. */
const START_GRID = 15 * MIN;
/** The gap left when the day is already as full as intended. */
const GAP = 15 * MIN;

/** A placed visit: [start, end) plus the busy span its type's buffers add. */
export interface Slot {
  provider: ProviderModel;
  location: LocationModel;
  type: TypeModel;
  roomId: RoomId | null;
  startAt: number;
  endAt: number;
  busyStartAt: number;
  busyEndAt: number;
}

/** Busy spans per room of one site on one day, shared by every provider there. */
export type RoomDay = Map<RoomId, Interval[]>;

/**
 * Fills one provider's day at one site to about `fill` of the open time,
 * walking the free time in order: the provider's hours minus blockouts. A
 * visit's whole busy span stays inside free time and clear of the room's
 * other visits and blockouts, so every visit is one the booking guard would
 * accept: no overlap for the provider or the room, inside the hours, outside
 * blockouts.
 */
export function fillProviderDay(args: {
  provider: ProviderModel;
  location: LocationModel;
  date: string;
  fill: number;
  blockouts: DayBlockouts;
  rooms: RoomDay;
  rng: Random;
}): Slot[] {
  const { provider, location, date, fill, blockouts, rooms, rng } = args;
  const site = provider.sites.find((s) => s.location.id === location.id);
  if (!site) return [];
  const dayStart = localMinuteToInstant(location.zone, date, 0);
  const dayEnd = localMinuteToInstant(location.zone, date, 1440, true);
  const free = subtract(openIntervals(site.hours, dayStart, dayEnd), blockouts.byProvider.get(provider.id) ?? []);

  const slots: Slot[] = [];
  let elapsed = 0;
  let busy = 0;
  for (const window of free) {
    let cursor = window.start;
    while (cursor < window.end) {
      if (busy > fill * (elapsed + (cursor - window.start))) {
        cursor += GAP;
        continue;
      }
      const slot = placeAt(cursor, window, provider, location, blockouts, rooms, rng);
      if (slot === 'no-room') {
        cursor += GAP;
        continue;
      }
      if (slot === null) break;
      slots.push(slot);
      addBusy(rooms, slot);
      busy += slot.busyEndAt - slot.busyStartAt;
      cursor = slot.busyEndAt;
    }
    elapsed += window.end - window.start;
  }
  return slots;
}

/** A visit whose busy span starts at or after `cursor`; null when none fits the window; 'no-room' when only rooms are missing. */
function placeAt(
  cursor: number,
  window: Interval,
  provider: ProviderModel,
  location: LocationModel,
  blockouts: DayBlockouts,
  rooms: RoomDay,
  rng: Random,
): Slot | 'no-room' | null {
  const preferred = pickWeighted(provider.types, rng);
  // The preferred type first, then shorter ones, so the end of a window still gets used.
  const candidates = [preferred, ...[...provider.types].sort((a, b) => busyMinutes(a) - busyMinutes(b))];
  let roomMissing = false;
  for (const type of candidates) {
    const startAt = Math.ceil((cursor + type.def.bufferBeforeMin * MIN) / START_GRID) * START_GRID;
    const endAt = startAt + type.def.durationMin * MIN;
    const span = { start: startAt - type.def.bufferBeforeMin * MIN, end: endAt + type.def.bufferAfterMin * MIN };
    if (span.end > window.end) continue;
    let roomId: RoomId | null = null;
    if (type.def.room !== null) {
      const room = location.rooms.find(
        (r) =>
          r.kind === type.def.room &&
          !(rooms.get(r.id) ?? []).some((b) => overlaps(b, span)) &&
          !(blockouts.byRoom.get(r.id) ?? []).some((b) => overlaps(b, span)),
      );
      if (!room) {
        roomMissing = true;
        continue;
      }
      roomId = room.id;
    }
    return { provider, location, type, roomId, startAt, endAt, busyStartAt: span.start, busyEndAt: span.end };
  }
  return roomMissing ? 'no-room' : null;
}

function busyMinutes(t: TypeModel): number {
  return t.def.bufferBeforeMin + t.def.durationMin + t.def.bufferAfterMin;
}

function pickWeighted(types: readonly TypeModel[], rng: Random): TypeModel {
  const total = types.reduce((s, t) => s + t.def.weight, 0);
  let x = rng.next() * total;
  for (const t of types) {
    x -= t.def.weight;
    if (x < 0) return t;
  }
  return types[types.length - 1]!;
}

function addBusy(rooms: RoomDay, slot: Slot): void {
  if (slot.roomId === null) return;
  const list = rooms.get(slot.roomId);
  const span = { start: slot.busyStartAt, end: slot.busyEndAt };
  if (list) list.push(span);
  else rooms.set(slot.roomId, [span]);
}

/** `from` minus the union of `cut`, as sorted disjoint intervals. */
function subtract(from: readonly Interval[], cut: readonly Interval[]): Interval[] {
  const holes = mergeIntervals(cut);
  const out: Interval[] = [];
  for (const x of from) {
    let start = x.start;
    for (const h of holes) {
      if (h.end <= start || h.start >= x.end) continue;
      if (h.start > start) out.push({ start, end: h.start });
      start = Math.max(start, h.end);
    }
    if (start < x.end) out.push({ start, end: x.end });
  }
  return out;
}
