import type { EpochMs, ProviderId, RoomId } from '@shared/domain/ids';
import { Blocks, intersectBlocks } from './blocks';
import { appendOpenBlocks, compileHours } from './hours';
import { coveredBy, overlaps, type Interval } from './interval';
import { gridBlocks, visitGridStarts } from './grid';
import { roomsInGuardOrder } from './rooms';
import { slotRules, type SlotRules } from './rules';
import type { Spans } from './spans';
import { fullQuery, type BookedSpan, type FullAgenda, type FullQuery, type FullRoom, type Reason, type SlotQuery } from './types';
import { isoOfDayNum, localDayOf } from './zone-day';

/**
 * Every reason the visit starting at `time` is not bookable; [] exactly when
 * findSlots would offer `time` (given a window containing it — explain ignores the window).
 */
export function explain(slotQuery: SlotQuery, time: EpochMs): Reason[] {
  const query = fullQuery(slotQuery);
  const rules = slotRules(query);
  const visit = { start: time, end: time + rules.durationMs };
  const busySpan = { start: time - rules.bufferBeforeMs, end: visit.end + rules.bufferAfterMs };
  const reasons: Reason[] = [];
  if (time < rules.earliest) reasons.push({ kind: 'notice', earliest: rules.earliest });
  if (time >= rules.until) reasons.push({ kind: 'horizon', until: rules.until });
  reasons.push(...providerReasons(query, rules, visit, busySpan));
  if (rules.needsRoom) reasons.push(...roomReasons(query.rooms, visit, busySpan));
  return reasons;
}

function providerReasons(q: FullQuery, rules: SlotRules, visit: Interval, busySpan: Interval): Reason[] {
  const opening = q.providers.map((p) => openBlocksAround(p, visit));
  const each = q.providers.map((p, i) => {
    const own = [...hoursReasons(p, opening[i]!, visit), ...busyReasons(p, visit, busySpan)];
    // A provider's own grid applies to single and any; a team shares one grid (below).
    if (q.method !== 'collective' && !own.some((r) => r.kind === 'outside_hours')) {
      own.push(...gridReasons(opening[i]!, p.hours.zone, rules, visit.start, p.id));
    }
    return own;
  });
  if (q.method === 'any') return each.some((r) => r.length === 0) ? [] : each.flat();
  const all = each.flat();
  if (q.method === 'collective' && !all.some((r) => r.kind === 'outside_hours')) {
    const together = opening.reduce((a, b) => intersectBlocks(a, b, new Blocks()));
    all.push(...gridReasons(together, q.providers[0]!.hours.zone, rules, visit.start, null));
  }
  return all;
}

/** The provider's opening blocks on the days around the visit. */
function openBlocksAround(p: FullAgenda, visit: Interval): Blocks {
  const zone = p.hours.zone;
  const blocks = new Blocks();
  appendOpenBlocks(compileHours(p.hours), localDayOf(zone, visit.start) - 1, localDayOf(zone, visit.end) + 1, blocks);
  return blocks;
}

function hoursReasons(p: FullAgenda, blocks: Blocks, visit: Interval): Reason[] {
  const coverage = blocks.coverage();
  if (coveredBy(toIntervals(coverage), visit)) return [];
  const reasons: Reason[] = [{ kind: 'outside_hours', providerId: p.id }];
  const zone = p.hours.zone;
  const firstDay = localDayOf(zone, visit.start);
  const lastDay = localDayOf(zone, visit.end - 1);
  for (let day = firstDay; day <= lastDay; day++) {
    const date = isoOfDayNum(day);
    const overrides = p.hours.overrides.filter((o) => o.date === date);
    if (overrides.length === 0) continue;
    const override = overrides.some((o) => o.kind === 'special') ? 'special' : 'closed';
    reasons.push({ kind: 'date_override', providerId: p.id, date, override });
  }
  return reasons;
}

function gridReasons(blocks: Blocks, zone: string, rules: SlotRules, t: EpochMs, who: ProviderId | null): Reason[] {
  const starts: number[] = [];
  for (const b of gridBlocks(blocks, zone, rules.roundToMs, t, t + 1)) {
    if (b.start <= t && t < b.end) visitGridStarts(b, b.start, b.end, rules.stepMs, (s) => starts.push(s));
  }
  if (starts.includes(t)) return [];
  const previous = starts.filter((s) => s < t).pop() ?? null;
  const next = starts.find((s) => s > t) ?? null;
  return [{ kind: 'off_grid', providerId: who, intervalMin: rules.intervalMin, previous, next }];
}

function appointmentReason(a: BookedSpan, visit: Interval, providerId: ProviderId | null, roomId: RoomId | null): Reason {
  const clashesWithVisit = overlaps(visit, a.visit ?? a);
  return { kind: clashesWithVisit ? 'appointment' : 'buffer', appointmentId: a.id, providerId, roomId };
}

function busyReasons(p: FullAgenda, visit: Interval, busySpan: Interval): Reason[] {
  const reasons: Reason[] = [];
  for (const b of p.blockouts) {
    if (meets(busySpan, b)) reasons.push({ kind: 'blockout', blockoutId: b.id, providerId: p.id, roomId: null });
  }
  for (const a of p.appointments) {
    if (meets(busySpan, a)) reasons.push(appointmentReason(a, visit, p.id, null));
  }
  for (const x of p.externalBusy) {
    if (meets(busySpan, x)) reasons.push({ kind: 'external_busy', providerId: p.id, start: x.start, end: x.end });
  }
  return reasons;
}

function roomReasons(rooms: readonly FullRoom[], visit: Interval, busySpan: Interval): Reason[] {
  const perRoom = roomsInGuardOrder(rooms).map((room) => [
    ...room.blockouts
      .filter((b) => meets(busySpan, b))
      .map((b): Reason => ({ kind: 'blockout', blockoutId: b.id, providerId: null, roomId: room.id })),
    ...room.appointments.filter((a) => meets(busySpan, a)).map((a) => appointmentReason(a, visit, null, room.id)),
  ]);
  if (perRoom.some((r) => r.length === 0)) return [];
  return [{ kind: 'no_room' }, ...perRoom.flat()];
}

/** Like overlaps, but an empty span keeps nobody busy (as in the search). */
function meets(busySpan: Interval, x: Interval): boolean {
  return x.end > x.start && overlaps(busySpan, x);
}

function toIntervals(xs: Spans): Interval[] {
  const out: Interval[] = [];
  for (let i = 0; i < xs.length; i += 2) out.push({ start: xs.data[i]!, end: xs.data[i + 1]! });
  return out;
}
