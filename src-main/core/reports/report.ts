import type { ReportRow } from '@shared/domain/exports';
import { LATE_CANCEL_HOURS } from '@shared/domain/exports';
import { openTimeInRange } from '../calendar/range';
import type { ReadDb } from '../db/open';
import { checkCancelled, type JobHooks } from '../exports/cancel';
import { localParts } from '../exports/local-time';
import { providerFilter, scopedLocations, type ExportScope } from '../exports/scope';
import { addDays, isoOfDayNum, isoWeekday, localDayOf, localMinuteToInstant } from '../slots/zone-day';

export interface ProviderReport {
  daily: ReportRow[];
  weekly: ReportRow[];
  totals: ReportRow[];
}

interface Counts {
  openMin: number;
  bookedMin: number;
  visits: number;
  noShows: number;
  cancellations: number;
  lateCancels: number;
  newPatients: number;
}

const empty = (): Counts => ({ openMin: 0, bookedMin: 0, visits: 0, noShows: 0, cancellations: 0, lateCancels: 0, newPatients: 0 });

/** Monday of the ISO week of a local date. */
export function weekOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * Utilization, no-shows, late cancels and new patients per provider, per
 * local day and per ISO week (Monday start), in each location's zone.
 *
 * - Open minutes come from the same opening hours and date overrides the
 *   slot engine uses (calendar/range.ts openTimeInRange), split at local midnight.
 * - Booked minutes: visits not cancelled (no-shows included: the time was held).
 * - Late cancel: cancelled less than LATE_CANCEL_HOURS before the start
 *   (the cancel time is the visit's last change; a cancelled visit is never changed again).
 * - New patient: the patient's first visit ever that was not cancelled falls
 *   in the range; counted for that visit's provider and day.
 */
export function providerReport(db: ReadDb, scope: ExportScope, hooks: JobHooks = {}): ProviderReport {
  const providers = providerFilter(scope);
  const names = new Map(
    (db.prepare(`SELECT id, name FROM providers`).all() as Array<{ id: string; name: string }>).map((p) => [p.id, p.name]),
  );
  const byDay = new Map<string, Counts>(); // `${date}\0${providerId}`
  const at = (date: string, providerId: string): Counts => {
    const k = `${date}\u0000${providerId}`;
    let c = byDay.get(k);
    if (!c) byDay.set(k, (c = empty()));
    return c;
  };
  const locations = scopedLocations(db, scope);
  const lateMs = LATE_CANCEL_HOURS * 3_600_000;
  const firstVisit = db.prepare(
    `SELECT a.patient_id AS patientId, a.provider_id AS providerId, a.start_at AS startAt
       FROM appointments a
      WHERE a.location_id = ? AND a.start_at >= ? AND a.start_at < ? AND a.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.patient_id = a.patient_id AND b.status <> 'cancelled'
                          AND (b.start_at < a.start_at OR (b.start_at = a.start_at AND b.id < a.id)))`,
  );
  let step = 0;
  const steps = locations.length * 3;
  for (const l of locations) {
    // Open time (per provider working at this location), split by local day.
    for (const i of openTimeInRange(db, l.from, l.to, l.id as never)) {
      if (providers && !providers.has(i.providerId)) continue;
      for (let s = i.startAt; s < i.endAt; ) {
        const day = localDayOf(l.zone, s);
        const nextMidnight = Math.min(i.endAt, nextLocalMidnight(l.zone, day));
        at(localParts(l.zone, s).date, i.providerId).openMin += (nextMidnight - s) / 60_000;
        s = nextMidnight;
      }
    }
    hooks.onProgress?.(++step, steps);
    checkCancelled(hooks);
    const visits = db
      .prepare(
        `SELECT provider_id AS providerId, start_at AS startAt, end_at AS endAt, status, updated_at AS updatedAt
           FROM appointments WHERE location_id = ? AND start_at >= ? AND start_at < ?`,
      )
      .iterate(l.id, l.from, l.to) as IterableIterator<{ providerId: string; startAt: number; endAt: number; status: string; updatedAt: number }>;
    for (const v of visits) {
      if (providers && !providers.has(v.providerId)) continue;
      const c = at(localParts(l.zone, v.startAt).date, v.providerId);
      if (v.status === 'cancelled') {
        c.cancellations++;
        if (v.startAt - v.updatedAt < lateMs) c.lateCancels++;
        continue;
      }
      c.visits++;
      c.bookedMin += (v.endAt - v.startAt) / 60_000;
      if (v.status === 'no_show') c.noShows++;
    }
    hooks.onProgress?.(++step, steps);
    checkCancelled(hooks);
    for (const f of firstVisit.iterate(l.id, l.from, l.to) as IterableIterator<{ providerId: string; startAt: number }>) {
      if (providers && !providers.has(f.providerId)) continue;
      at(localParts(l.zone, f.startAt).date, f.providerId).newPatients++;
    }
    hooks.onProgress?.(++step, steps);
    checkCancelled(hooks);
  }

  const daily: ReportRow[] = [];
  const weekly = new Map<string, Counts>();
  const totals = new Map<string, Counts>();
  for (const [k, c] of [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [date, providerId] = k.split('\u0000') as [string, string];
    daily.push(row(date, providerId, names, c));
    addInto(weekly, `${weekOf(date)}\u0000${providerId}`, c);
    addInto(totals, `${scope.fromDate}\u0000${providerId}`, c);
  }
  const toRows = (m: Map<string, Counts>): ReportRow[] =>
    [...m.entries()].map(([k, c]) => {
      const [period, providerId] = k.split('\u0000') as [string, string];
      return row(period, providerId, names, c);
    });
  const byPeriodThenName = (a: ReportRow, b: ReportRow): number =>
    a.period.localeCompare(b.period) || a.providerName.localeCompare(b.providerName) || a.providerId.localeCompare(b.providerId);
  daily.sort(byPeriodThenName);
  return { daily, weekly: toRows(weekly).sort(byPeriodThenName), totals: toRows(totals).sort(byPeriodThenName) };
}

/** The instant the local day after `day` begins (DST days are 23 or 25 hours long). */
function nextLocalMidnight(zone: string, day: number): number {
  return localMinuteToInstant(zone, isoOfDayNum(day + 1), 0);
}

function addInto(m: Map<string, Counts>, k: string, c: Counts): void {
  const t = m.get(k) ?? empty();
  t.openMin += c.openMin;
  t.bookedMin += c.bookedMin;
  t.visits += c.visits;
  t.noShows += c.noShows;
  t.cancellations += c.cancellations;
  t.lateCancels += c.lateCancels;
  t.newPatients += c.newPatients;
  m.set(k, t);
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

function row(period: string, providerId: string, names: Map<string, string>, c: Counts): ReportRow {
  return {
    period,
    providerId,
    providerName: names.get(providerId) ?? providerId,
    openMin: Math.round(c.openMin),
    bookedMin: Math.round(c.bookedMin),
    utilization: ratio(c.bookedMin, c.openMin),
    visits: c.visits,
    noShows: c.noShows,
    cancellations: c.cancellations,
    lateCancels: c.lateCancels,
    noShowRate: ratio(c.noShows, c.visits),
    lateCancelRate: ratio(c.lateCancels, c.visits + c.cancellations),
    newPatients: c.newPatients,
  };
}
