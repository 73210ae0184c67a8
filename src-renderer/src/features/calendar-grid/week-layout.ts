import type { CalendarRangeDto, GridVisitDto } from '@shared/domain/calendar';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { addDays, instantOfWall } from '@shared/time';
import { datesOf } from './layout';

/**
 * The multi-provider week: one row per provider, one cell per day, each
 * cell the provider's visits of that day in time order. Pure, so it is
 * unit-tested and runs once per data change. A visit's day and time are read
 * on its location's clock.
 */

export interface WeekCell {
  date: string;
  /** Live visits and no-shows, by start; cancelled visits are counted only. */
  visits: GridVisitDto[];
  cancelled: number;
  /** The provider's first start and last end that day (any location), or null when not working. */
  open: { startAt: number; endAt: number; locationId: LocationId } | null;
}

export interface WeekRow {
  providerId: ProviderId;
  name: string;
  colour: string;
  cells: WeekCell[];
}

export interface WeekLayout {
  dates: string[];
  rows: WeekRow[];
  /** Providers left out: not working and nothing booked at the shown location(s) this week. */
  idle: number;
}

export interface WeekOptions {
  /** Any day of the week shown. */
  date: string;
  locationId: LocationId | null;
  hiddenProviderIds: ReadonlySet<ProviderId>;
  /** Also rows for providers with nothing this week. */
  showIdle: boolean;
}

export function buildWeek(setup: ClinicSetupDto, data: CalendarRangeDto | null, o: WeekOptions): WeekLayout {
  const dates = datesOf('week', o.date);
  const zoneOf = new Map(setup.locations.map((l) => [l.id as string, l.zone]));
  // Each location's midnights of the week (and of the Monday after): a visit's day is found by
  // comparing instants, not by formatting each one (a busy week is over a thousand visits).
  const midnights = new Map<string, number[]>();
  const dayIndex = (locationId: string, t: number): number | undefined => {
    let m = midnights.get(locationId);
    if (!m) {
      const zone = zoneOf.get(locationId) ?? 'UTC';
      m = [...dates, addDays(dates[dates.length - 1]!, 1)].map((d) => instantOfWall(zone, d, 0));
      midnights.set(locationId, m);
    }
    if (t < m[0]! || t >= m[m.length - 1]!) return undefined;
    let i = 0;
    while (t >= m[i + 1]!) i++;
    return i;
  };

  const rowsBy = new Map<string, WeekCell[]>();
  const cellsOf = (providerId: string): WeekCell[] => {
    let cells = rowsBy.get(providerId);
    if (!cells) {
      cells = dates.map((date) => ({ date, visits: [], cancelled: 0, open: null }));
      rowsBy.set(providerId, cells);
    }
    return cells;
  };
  const atLocation = (locationId: string): boolean => !o.locationId || locationId === o.locationId;

  for (const a of data?.appointments ?? []) {
    if (!atLocation(a.locationId)) continue;
    const i = dayIndex(a.locationId, a.startAt);
    if (i === undefined) continue;
    const cell = cellsOf(a.providerId)[i]!;
    if (a.status === 'cancelled') cell.cancelled++;
    else cell.visits.push(a);
  }
  for (const span of data?.open ?? []) {
    if (!atLocation(span.locationId)) continue;
    const i = dayIndex(span.locationId, span.startAt);
    if (i === undefined) continue;
    const cell = cellsOf(span.providerId)[i]!;
    cell.open =
      cell.open === null
        ? { startAt: span.startAt, endAt: span.endAt, locationId: span.locationId }
        : { ...cell.open, startAt: Math.min(cell.open.startAt, span.startAt), endAt: Math.max(cell.open.endAt, span.endAt) };
  }

  const rows: WeekRow[] = [];
  let idle = 0;
  for (const p of setup.providers) {
    if (!p.active || o.hiddenProviderIds.has(p.id)) continue;
    const cells = rowsBy.get(p.id);
    if (!cells && !o.showIdle) {
      idle++;
      continue;
    }
    for (const c of cells ?? []) c.visits.sort((x, y) => x.startAt - y.startAt || x.patientFamilyName.localeCompare(y.patientFamilyName));
    rows.push({ providerId: p.id, name: p.name, colour: p.colour, cells: cells ?? dates.map((date) => ({ date, visits: [], cancelled: 0, open: null })) });
  }
  return { dates, rows, idle };
}
