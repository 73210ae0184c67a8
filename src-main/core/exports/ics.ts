import { closeSync, openSync, writeSync } from 'node:fs';
import { ICalCalendar, ICalEvent, ICalEventBusyStatus, ICalEventStatus, type ICalEventData } from 'ical-generator';
import type { ReadDb } from '../db/open';
import { checkCancelled, type JobHooks } from './cancel';
import { isInFold, localParts } from './local-time';
import { bookingReference, exportRows } from './rows';
import { providerFilter, scopedLocations, type ExportScope } from './scope';

const CHECK_EVERY = 2000;

/**
 * ical-generator formats TZID times through its Temporal support; these two
 * small classes give it a zoned and a plain date-time computed with our
 * cached zone offsets (a date library per event costs seconds at 100k
 * events). Methods live on the prototype: nothing is allocated per call but
 * the two objects.
 */
class PlainDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    private readonly zoned: ZonedDateTime,
    private readonly text: string,
  ) {}
  toPlainDate(): { year: number; month: number; day: number } {
    return { year: this.year, month: this.month, day: this.day };
  }
  toZonedDateTime(): ZonedDateTime {
    return this.zoned;
  }
  toString(): string {
    return this.text;
  }
}

class ZonedDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  private readonly plain: PlainDateTime;
  constructor(
    readonly timeZoneId: string,
    readonly epochMilliseconds: number,
  ) {
    const p = localParts(timeZoneId, epochMilliseconds);
    this.year = p.year;
    this.month = p.month;
    this.day = p.day;
    this.hour = p.hour;
    this.minute = p.minute;
    this.second = p.second;
    this.plain = new PlainDateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, this, `${p.date}T${p.time}:00`);
  }
  toPlainDateTime(): PlainDateTime {
    return this.plain;
  }
  withTimeZone(): ZonedDateTime {
    return this;
  }
  toInstant(): { epochMilliseconds: number } {
    return { epochMilliseconds: this.epochMilliseconds };
  }
  toJSON(): string {
    return new Date(this.epochMilliseconds).toISOString();
  }
  toString(): string {
    return this.toJSON();
  }
}

/** TZID local times, or UTC when a time falls in a fall-back night's repeated hour (TZID would mean its first occurrence). */
function when(zone: string, start: number, end: number): { start: never; end: never; timezone: string | null } {
  if (isInFold(zone, start) || isInFold(zone, end)) return { start: new Date(start) as never, end: new Date(end) as never, timezone: null };
  return { start: new ZonedDateTime(zone, start) as never, end: new ZonedDateTime(zone, end) as never, timezone: zone };
}

export interface IcsOptions {
  includeBlockouts: boolean;
  /** DTSTAMP of every event: when the export ran (the injected clock). */
  now: number;
  vtimezone(zone: string): string;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Whether any line is longer than 75 characters (then it needs folding even in ASCII). */
function hasLongLine(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\r\n', start);
    if (end < 0) end = text.length;
    if (end - start > 75) return true;
    start = end + 2;
  }
  return false;
}

/**
 * Content lines folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8
 * sequence. ical-generator folds a whole calendar with a TextEncoder per
 * character (minutes for 100,000 events), so events are serialised one by
 * one with it and folded here.
 */
export function foldLines(text: string): string {
  if (!NON_ASCII.test(text) && !hasLongLine(text)) return text;
  const lines = text.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > 75 || NON_ASCII.test(line)) lines[i] = foldLine(line);
  }
  return lines.join('\r\n');
}

function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += ch;
    octets += size;
  }
  return out;
}

/** Writes the calendar as it is built: a year of a large clinic never sits in memory as one string. */
class IcsFile {
  private readonly fd: number;
  private buffer: string[] = [];
  private length = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w', 0o600);
  }

  write(text: string): void {
    this.buffer.push(text);
    this.length += text.length;
    if (this.length > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.length = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/**
 * The schedule as iCalendar: one neutral event per visit ("Appointment",
 * the booking reference, the location; never the patient, type or reason),
 * times with TZID in the location's zone and a VTIMEZONE per zone in scope.
 * Cancelled visits are left out (a calendar should show what happens);
 * blockouts optionally as "Unavailable".
 */
export function writeScheduleIcs(db: ReadDb, scope: ExportScope, opts: IcsOptions, file: string, total: number, hooks: JobHooks = {}): number {
  const cal = new ICalCalendar({ prodId: { company: 'Frontdesk', product: 'Schedule export' }, name: 'Frontdesk schedule' });
  // The calendar's own lines (an empty calendar) around the VTIMEZONEs and events written here.
  const shell = cal.toString();
  const end = shell.lastIndexOf('END:VCALENDAR');
  const out = new IcsFile(file);
  let events = 0;
  try {
    out.write(shell.slice(0, end));
    for (const zone of new Set(scopedLocations(db, scope).map((l) => l.zone))) out.write(opts.vtimezone(zone));
    const event = (data: ICalEventData): void => {
      out.write(foldLines(new ICalEvent(data, cal).toString()));
      events++;
    };
    let done = 0;
    for (const r of exportRows(db, scope, { names: false, reminders: false })) {
      done++;
      if (done % CHECK_EVERY === 0) {
        hooks.onProgress?.(done, total);
        checkCancelled(hooks);
      }
      if (r.status === 'cancelled') continue;
      const ref = bookingReference(r.id);
      event({
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
    }
    if (opts.includeBlockouts) addBlockouts(db, scope, event, opts.now);
    checkCancelled(hooks);
    out.write(shell.slice(end));
  } finally {
    out.close();
  }
  hooks.onProgress?.(total, total);
  return events;
}

/** Provider blockouts overlapping the scope, neutral ("Unavailable"; the reason stays in the clinic). */
function addBlockouts(db: ReadDb, scope: ExportScope, event: (data: ICalEventData) => void, now: number): void {
  const providers = providerFilter(scope);
  const locations = scopedLocations(db, scope);
  if (locations.length === 0) return;
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
  for (const b of rows) {
    const zone = zoneOf.get(b.providerId);
    if (!zone || (providers && !providers.has(b.providerId))) continue;
    event({
      id: `${b.id}@frontdesk-blockout`,
      ...when(zone, b.startAt, b.endAt),
      stamp: new Date(now),
      summary: 'Unavailable',
      description: `Provider: ${b.providerName}`,
      busystatus: ICalEventBusyStatus.OOF,
    });
  }
}
