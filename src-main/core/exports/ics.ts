import { writeFileSync } from 'node:fs';
import { ICalCalendar, ICalEventBusyStatus, ICalEventStatus } from 'ical-generator';
import type { ReadDb } from '../db/open';
import { checkCancelled, type JobHooks } from './cancel';
import { isInFold, localParts } from './local-time';
import { bookingReference, exportRows } from './rows';
import { providerFilter, scopedLocations, type ExportScope } from './scope';

const CHECK_EVERY = 2000;

/**
 * ical-generator formats TZID times through its Temporal support; these two
 * small objects give it a zoned and a plain date-time computed with our
 * cached zone offsets (a date library per event costs seconds at 100k events).
 */
function zoned(zone: string, t: number): object {
  const p = localParts(zone, t);
  const fields = { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
  const plain = {
    ...fields,
    toPlainDate: () => ({ year: p.year, month: p.month, day: p.day }),
    toZonedDateTime: () => zdt,
    toString: () => `${p.date}T${p.time}:00`,
  };
  const zdt = {
    ...fields,
    timeZoneId: zone,
    epochMilliseconds: t,
    toPlainDateTime: () => plain,
    withTimeZone: () => zdt,
    toInstant: () => ({ epochMilliseconds: t }),
    toJSON: () => new Date(t).toISOString(),
    toString: () => new Date(t).toISOString(),
  };
  return zdt;
}

/** TZID local times, or UTC when a time falls in a fall-back night's repeated hour (TZID would mean its first occurrence). */
function when(zone: string, start: number, end: number): { start: never; end: never; timezone: string | null } {
  if (isInFold(zone, start) || isInFold(zone, end)) return { start: new Date(start) as never, end: new Date(end) as never, timezone: null };
  return { start: zoned(zone, start) as never, end: zoned(zone, end) as never, timezone: zone };
}

export interface IcsOptions {
  includeBlockouts: boolean;
  /** DTSTAMP of every event: when the export ran (the injected clock). */
  now: number;
  vtimezone(zone: string): string;
}

/**
 * The schedule as iCalendar: one neutral event per visit ("Appointment",
 * the booking reference, the location; never the patient, type or reason),
 * times with TZID in the location's zone and a VTIMEZONE per zone used.
 * Cancelled visits are left out (a calendar should show what happens);
 * blockouts optionally as "Unavailable".
 */
export function writeScheduleIcs(db: ReadDb, scope: ExportScope, opts: IcsOptions, file: string, total: number, hooks: JobHooks = {}): number {
  const cal = new ICalCalendar({ prodId: { company: 'Frontdesk', product: 'Schedule export' }, name: 'Frontdesk schedule' });
  cal.timezone({ name: null, generator: opts.vtimezone });
  let done = 0;
  let events = 0;
  for (const r of exportRows(db, scope, false)) {
    done++;
    if (done % CHECK_EVERY === 0) {
      hooks.onProgress?.(done, total);
      checkCancelled(hooks);
    }
    if (r.status === 'cancelled') continue;
    const ref = bookingReference(r.id);
    cal.createEvent({
      id: `${r.id}@frontdesk`,
      ...when(r.zone, r.startAt, r.endAt),
      stamp: new Date(opts.now),
      summary: 'Appointment',
      description: `Booking reference ${ref}\nProvider: ${r.providerName}`,
      location: r.roomName ? `${r.locationName}, ${r.roomName}` : r.locationName,
      status: ICalEventStatus.CONFIRMED,
      busystatus: ICalEventBusyStatus.BUSY,
      x: { 'X-FRONTDESK-REFERENCE': ref },
    });
    events++;
  }
  if (opts.includeBlockouts) events += addBlockouts(db, scope, cal, opts.now);
  checkCancelled(hooks);
  writeFileSync(file, cal.toString(), { mode: 0o600 });
  hooks.onProgress?.(total, total);
  return events;
}

/** Provider blockouts overlapping the scope, neutral ("Unavailable"; the reason stays in the clinic). */
function addBlockouts(db: ReadDb, scope: ExportScope, cal: ICalCalendar, now: number): number {
  const providers = providerFilter(scope);
  const locations = scopedLocations(db, scope);
  if (locations.length === 0) return 0;
  // A blockout has no location: show it in the zone of the first location the provider works at in scope.
  const zoneOf = new Map<string, string>();
  for (const l of locations) {
    const ids = db.prepare(`SELECT DISTINCT provider_id FROM opening_hours WHERE location_id = ?`).pluck().all(l.id) as string[];
    for (const id of ids) if (!zoneOf.has(id)) zoneOf.set(id, l.zone);
  }
  const from = Math.min(...locations.map((l) => l.from));
  const to = Math.max(...locations.map((l) => l.to));
  const rows = db
    .prepare(
      `SELECT b.id, b.provider_id AS providerId, pr.name AS providerName, b.start_at AS startAt, b.end_at AS endAt
         FROM blockouts b JOIN providers pr ON pr.id = b.provider_id
        WHERE b.provider_id IS NOT NULL AND b.start_at < ? AND b.end_at > ? ORDER BY b.start_at, b.id`,
    )
    .all(to, from) as Array<{ id: string; providerId: string; providerName: string; startAt: number; endAt: number }>;
  let n = 0;
  for (const b of rows) {
    const zone = zoneOf.get(b.providerId);
    if (!zone || (providers && !providers.has(b.providerId))) continue;
    cal.createEvent({
      id: `${b.id}@frontdesk-blockout`,
      ...when(zone, b.startAt, b.endAt),
      stamp: new Date(now),
      summary: 'Unavailable',
      description: `Provider: ${b.providerName}`,
      busystatus: ICalEventBusyStatus.OOF,
    });
    n++;
  }
  return n;
}
