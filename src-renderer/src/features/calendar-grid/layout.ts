import type { CalendarRangeDto, GridVisitDto } from '@shared/domain/calendar';
import type { LocationId, ProviderId, RoomId } from '@shared/domain/ids';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { addDays, isoWeekdayOf, mergeRanges, wallMinutesOn } from '@shared/time';

/**
 * Turns a day's range read (visits, blockouts, open hours) into the day grid's
 * columns, by provider or by room (the week of every provider is laid out by
 * week-layout.ts): pure, so it is unit-tested and runs once per data change,
 * not per scroll.
 * Every position is in local wall minutes of the column's date on the clock of
 * the column's location: a Chicago visit at 9:15 sits on the 9:15 row beside a
 * New York visit at 9:15, each card saying its own location's time.
 */

export type GridMode = 'day' | 'week';
export type GridAxis = 'providers' | 'rooms';

export interface LayoutOptions {
  axis: GridAxis;
  /** The shown day. */
  date: string;
  /** The grid's zone: columns with no location of their own draw in it. */
  zone: string;
  locationId: LocationId | null;
  hiddenProviderIds: ReadonlySet<ProviderId>;
  /** Optimistic moves in flight: the card shows at its new place until main answers. */
  pendingMoves: ReadonlyMap<string, PendingMove>;
  /** Cancelled visits and no-shows as cards; by default they are thin markers that take no room from live visits. */
  showReleased?: boolean;
  /** Day by provider: columns for providers who do not work that day and have no visit; hidden by default. */
  showOffDuty?: boolean;
}

export interface PendingMove {
  startAt: number;
  endAt: number;
  providerId: ProviderId;
  roomId: RoomId | null;
}

export interface CardModel {
  appointment: GridVisitDto;
  /** The clinic hub refused it: another desk holds the time, or changed the visit (settled in Sync). */
  conflict: boolean;
  startMin: number;
  endMin: number;
  /** The busy span around the visit: preparation from busyStartMin, clean-up until busyEndMin (wall minutes). */
  busyStartMin: number;
  busyEndMin: number;
  /** Side-by-side placement of overlapping cards. */
  lane: number;
  lanes: number;
  pending: boolean;
}

interface BlockModel {
  startMin: number;
  endMin: number;
  reason: string;
  /** Busy in the provider's own calendar (CalDAV), not a clinic blockout. */
  external?: true;
}

/** A cancelled visit or a no-show drawn as a thin marker at the column's edge (time only, no room taken). */
export interface MarkerModel {
  appointment: GridVisitDto;
  startMin: number;
  endMin: number;
}

export interface GridColumn {
  key: string;
  kind: 'provider' | 'room';
  label: string;
  colour: string | null;
  groupKey: string;
  groupLabel: string;
  date: string;
  providerId: ProviderId | null;
  roomId: RoomId | null;
  locationId: LocationId | null;
  /** The zone whose wall clock the column is drawn in: its location's. */
  zone: string;
  /** Open wall-minute ranges, sorted; empty = closed all day. */
  open: Array<[number, number]>;
  blocks: BlockModel[];
  cards: CardModel[];
  /** Released visits (cancelled, no-show) while they are collapsed; empty when they are shown as cards. */
  markers: MarkerModel[];
}

export interface GridGroup {
  key: string;
  label: string;
  /** The zone of the group's columns (a location's columns share one). */
  zone: string;
  first: number;
  last: number;
}

export interface GridLayout {
  columns: GridColumn[];
  groups: GridGroup[];
  /** Wall minutes shown, [startMin, endMin). */
  startMin: number;
  endMin: number;
  /** Visits in range that have no column here (rooms view: visits without a room). */
  unplaced: number;
  /** Providers left out because they do not work that day (day by provider, while off-duty columns are hidden). */
  offDuty: number;
}

const NOT_SCHEDULED_GROUP = 'not-scheduled';

/** Monday of the week containing `date`. */
function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekdayOf(date));
}

/** The local dates a view covers: the day, or the Monday-to-Sunday week of it. */
export function datesOf(mode: GridMode, date: string): string[] {
  if (mode === 'day') return [date];
  const monday = weekStart(date);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function buildLayout(setup: ClinicSetupDto, data: CalendarRangeDto | null, o: LayoutOptions): GridLayout {
  const conflicts = new Set<string>(data?.conflictIds ?? []);
  const locationName = new Map(setup.locations.map((l) => [l.id, l.name]));
  const locationZone = new Map<string, string>(setup.locations.map((l) => [l.id, l.zone]));
  const zoneAt = (locationId: string | null | undefined): string => (locationId && locationZone.get(locationId)) || o.zone;
  const appointments = (data?.appointments ?? []).map((a) => {
    const move = o.pendingMoves.get(a.id);
    if (!move) return a;
    const shift = move.startAt - a.startAt;
    return {
      ...a,
      startAt: move.startAt,
      endAt: move.endAt,
      // The buffers move with the visit (they stay as long as the type's).
      busyStartAt: a.busyStartAt + shift,
      busyEndAt: a.busyEndAt + (move.endAt - a.endAt),
      providerId: move.providerId,
      roomId: move.roomId,
    };
  });

  const columns: GridColumn[] = [];
  let unplaced = 0;
  let offDuty = 0;

  const minsIn = (zone: string) => (date: string, t: number) => wallMinutesOn(zone, date, t);
  // The range read covers the shown dates on every shown location's clock: a column keeps what lies on its own date.
  const onDay = (r: [number, number]): boolean => r[1] > 0 && r[0] < 1440;
  const openIn = (zone: string, date: string, list: ReadonlyArray<{ startAt: number; endAt: number }>): Array<[number, number]> =>
    mergeRanges(list.map((i): [number, number] => [wallMinutesOn(zone, date, i.startAt), wallMinutesOn(zone, date, i.endAt)]).filter(onDay));
  const collapse = !o.showReleased;
  const toCards = (zone: string, date: string, list: GridVisitDto[]): Pick<GridColumn, 'cards' | 'markers'> => {
    const mins = minsIn(zone);
    const live = collapse ? list.filter((a) => !isReleased(a)) : list;
    return {
      cards: assignLanes(
        live
          .map((a) => ({
            appointment: a,
            conflict: conflicts.has(a.id),
            startMin: mins(date, a.startAt),
            endMin: mins(date, a.endAt),
            busyStartMin: mins(date, a.busyStartAt),
            busyEndMin: mins(date, a.busyEndAt),
            lane: 0,
            lanes: 1,
            pending: o.pendingMoves.has(a.id),
          }))
          .filter((c) => onDay([c.startMin, c.endMin])),
      ),
      markers: collapse
        ? list
            .filter(isReleased)
            .map((a) => ({ appointment: a, startMin: mins(date, a.startAt), endMin: mins(date, a.endAt) }))
            .filter((m) => onDay([m.startMin, m.endMin]))
        : [],
    };
  };

  if (o.axis === 'providers') {
    const date = o.date;
    const byProvider = groupBy(appointments, (a) => a.providerId);
    const openBy = groupBy(data?.open ?? [], (i) => i.providerId);
    const scheduled: GridColumn[] = [];
    const idle: GridColumn[] = [];
    for (const p of setup.providers) {
      if (!p.active || o.hiddenProviderIds.has(p.id)) continue;
      const open = openBy.get(p.id) ?? [];
      const list = byProvider.get(p.id) ?? [];
      // Off duty: no hours that day and no visit that still holds its time.
      if (!o.showOffDuty && open.length === 0 && list.every(isReleased)) {
        offDuty++;
        continue;
      }
      const site = open[0]?.locationId ?? list[0]?.locationId ?? null;
      if (o.locationId && site !== null && site !== o.locationId) continue;
      const zone = zoneAt(site);
      const column: GridColumn = {
        key: `provider:${p.id}`,
        kind: 'provider',
        label: p.name,
        colour: p.colour,
        groupKey: site ?? NOT_SCHEDULED_GROUP,
        groupLabel: site ? (locationName.get(site) ?? '') : 'Not scheduled today',
        date,
        providerId: p.id,
        roomId: null,
        locationId: site,
        zone,
        open: openIn(zone, date, open),
        blocks: blocksFor(data, date, minsIn(zone), (b) => b.providerId === p.id, p.id),
        ...toCards(zone, date, list),
      };
      (site ? scheduled : idle).push(column);
    }
    // Grouped by location in the clinic's order, providers by name inside (set-up order).
    const order = new Map(setup.locations.map((l, i) => [l.id as string, i]));
    scheduled.sort((a, b) => (order.get(a.groupKey) ?? 0) - (order.get(b.groupKey) ?? 0));
    columns.push(...scheduled, ...idle);
  } else {
    const date = o.date;
    const byRoom = groupBy(
      appointments.filter((a) => a.roomId !== null),
      (a) => a.roomId as string,
    );
    unplaced = appointments.filter((a) => a.roomId === null && a.status !== 'cancelled').length;
    // A room is open while anyone works at its location.
    const openAt = groupBy(data?.open ?? [], (i) => i.locationId);
    for (const l of setup.locations) {
      if (o.locationId && l.id !== o.locationId) continue;
      const open = openIn(l.zone, date, openAt.get(l.id) ?? []);
      for (const r of setup.rooms) {
        if (r.locationId !== l.id || !r.active) continue;
        columns.push({
          key: `room:${r.id}`,
          kind: 'room',
          label: r.name,
          colour: null,
          groupKey: l.id,
          groupLabel: l.name,
          date,
          providerId: null,
          roomId: r.id,
          locationId: l.id,
          zone: l.zone,
          open,
          blocks: blocksFor(data, date, minsIn(l.zone), (b) => b.roomId === r.id),
          ...toCards(l.zone, date, byRoom.get(r.id) ?? []),
        });
      }
    }
  }

  const groups: GridGroup[] = [];
  columns.forEach((c, i) => {
    const last = groups[groups.length - 1];
    if (last && last.key === c.groupKey) last.last = i;
    else groups.push({ key: c.groupKey, label: c.groupLabel, zone: c.zone, first: i, last: i });
  });

  const [startMin, endMin] = axisRange(columns);
  return { columns, groups, startMin, endMin, unplaced, offDuty };
}

/** Cancelled visits and no-shows: they no longer hold their time. */
const isReleased = (a: Pick<GridVisitDto, 'status'>): boolean => a.status === 'cancelled' || a.status === 'no_show';

/** Whole hours covering every open range and card, an hour of margin, at least 8:00–18:00. */
function axisRange(columns: GridColumn[]): [number, number] {
  let lo = 8 * 60;
  let hi = 18 * 60;
  for (const c of columns) {
    for (const [s, e] of c.open) {
      lo = Math.min(lo, s - 60);
      hi = Math.max(hi, e + 60);
    }
    for (const card of [...c.cards, ...c.markers]) {
      lo = Math.min(lo, card.startMin);
      hi = Math.max(hi, card.endMin);
    }
  }
  return [Math.max(0, Math.floor(lo / 60) * 60), Math.min(1440, Math.ceil(hi / 60) * 60)];
}

function blocksFor(
  data: CalendarRangeDto | null,
  date: string,
  mins: (date: string, t: number) => number,
  match: (b: CalendarRangeDto['blockouts'][number]) => boolean,
  /** The provider whose own-calendar busy time joins the column's blocks. */
  providerId?: ProviderId | null,
): BlockModel[] {
  const out: BlockModel[] = [];
  const add = (startAt: number, endAt: number, reason: string, external?: true): void => {
    const block: BlockModel = { startMin: Math.max(0, mins(date, startAt)), endMin: Math.min(1440, mins(date, endAt)), reason };
    if (external) block.external = external;
    if (block.endMin > block.startMin) out.push(block);
  };
  for (const b of data?.blockouts ?? []) if (match(b)) add(b.startAt, b.endAt, b.reason);
  if (providerId) {
    const busy = mergeRanges((data?.externalBusy ?? []).filter((x) => x.providerId === providerId).map((x) => [x.startAt, x.endAt]));
    for (const [startAt, endAt] of busy) add(startAt, endAt, 'Busy in own calendar', true);
  }
  return out;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/**
 * Overlapping cards share the column side by side: each cluster of mutually
 * overlapping cards gets as many lanes as it needs at its busiest.
 * Cancelled visits go last so a rebooked time shows the live visit first.
 */
function assignLanes(cards: CardModel[]): CardModel[] {
  const sorted = [...cards].sort(
    (a, b) =>
      a.startMin - b.startMin ||
      Number(a.appointment.status === 'cancelled') - Number(b.appointment.status === 'cancelled') ||
      b.endMin - a.endMin,
  );
  let cluster: CardModel[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const c of cluster) c.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const c of sorted) {
    if (c.startMin >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= c.startMin);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(c.endMin);
    } else laneEnds[lane] = c.endMin;
    c.lane = lane;
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.endMin);
  }
  close();
  return sorted;
}

/** Whether wall minute m of a column is open and not blocked. */
export function isOpenAt(column: GridColumn, startMin: number, endMin = startMin + 1): boolean {
  const inOpen = column.open.some(([s, e]) => s <= startMin && endMin <= e);
  return inOpen && !column.blocks.some((b) => b.startMin < endMin && startMin < b.endMin);
}

/** Closed ranges of a column within [from, to): the complement of its open ranges. */
export function closedRanges(column: GridColumn, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = from;
  for (const [s, e] of column.open) {
    if (s > at) out.push([at, Math.min(s, to)]);
    at = Math.max(at, e);
  }
  if (at < to) out.push([at, to]);
  return out.filter(([s, e]) => e > s);
}
