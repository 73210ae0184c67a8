import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { OWN_UID_SUFFIX } from './event-text';
import { mergeBusy } from '../../external-busy';

/**
 * Busy time from a provider's calendar objects (pure: text in, intervals
 * out). Radicale answers no free-busy REPORT, so busy time is computed here
 * from the objects a time-range query returned:
 *
 * - recurring events are expanded inside the window (RRULE, RDATE, EXDATE,
 *   overridden instances, including one moved into the window from outside);
 * - TRANSP:TRANSPARENT ("free") and STATUS:CANCELLED events are not busy;
 * - our own pushed visits (UID …@frontdesk) are not external busy time;
 * - times with a TZID use the object's VTIMEZONE when it has one, else the
 *   TZID as an IANA zone, else (floating times, all-day dates) the provider's zone.
 *
 * Intervals are half-open, clipped to the window, merged and sorted.
 */
export interface BusyInterval {
  start: number;
  end: number;
}

/** A rule that never ends, started long ago, is walked at most this far. */
const MAX_OCCURRENCES = 50_000;
const DAY_MS = 86_400_000;

export function busyTimeOf(objects: readonly string[], window: BusyInterval, providerZone: string): BusyInterval[] {
  const spans: BusyInterval[] = [];
  for (const text of objects) {
    // One unreadable or malformed object (a rule without a start…) must not hide the others' busy time.
    try {
      collect(new ICAL.Component(ICAL.parse(text) as unknown[]), window, providerZone, spans);
    } catch {
      continue;
    }
  }
  return mergeBusy(spans);
}

function collect(root: ICAL.Component, window: BusyInterval, zone: string, out: BusyInterval[]): void {
  const byUid = new Map<string, { master: ICAL.Component | null; exceptions: ICAL.Component[] }>();
  for (const c of root.getAllSubcomponents('vevent')) {
    const uid = String(c.getFirstPropertyValue('uid') ?? '');
    if (uid.endsWith(OWN_UID_SUFFIX)) continue;
    const group = byUid.get(uid) ?? { master: null, exceptions: [] };
    if (c.hasProperty('recurrence-id')) group.exceptions.push(c);
    else group.master = c;
    byUid.set(uid, group);
  }
  for (const { master, exceptions } of byUid.values()) {
    if (!master) {
      for (const e of exceptions) addSingle(new ICAL.Event(e), window, zone, out);
      continue;
    }
    const event = new ICAL.Event(master, { exceptions });
    if (!event.isRecurring()) {
      addSingle(event, window, zone, out);
      continue;
    }
    const seen = new Set<string>();
    const it = event.iterator();
    const length = instant(event.endDate, event, 'dtend', zone, event.startDate) - instant(event.startDate, event, 'dtstart', zone);
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const next = it.next();
      if (!next) break;
      // Occurrences come in order of their original start: past the window, only moved exceptions remain.
      const originalStart = instant(next, event, 'dtstart', zone);
      if (originalStart >= window.end) break;
      // Long before the window: an exception of it that moved is read on its own below.
      if (originalStart + Math.max(length, DAY_MS) < window.start) continue;
      for (const id of occurrenceIds(next)) seen.add(id);
      const details = event.getOccurrenceDetails(next);
      const item = details.item ?? event;
      if (!isBusy(item)) continue;
      add(instant(details.startDate, item, 'dtstart', zone), instant(details.endDate, item, 'dtend', zone, details.startDate), window, out);
    }
    for (const e of exceptions) {
      const ex = new ICAL.Event(e);
      if (!occurrenceIds(ex.recurrenceId).some((id) => seen.has(id))) addSingle(ex, window, zone, out);
    }
  }
}

/** The keys ical.js matches an exception by: the local form and the UTC form of its original start. */
function occurrenceIds(t: ICAL.Time): string[] {
  return [t.toString(), t.convertToZone(ICAL.Timezone.utcTimezone).toString()];
}

function addSingle(event: ICAL.Event, window: BusyInterval, zone: string, out: BusyInterval[]): void {
  if (!isBusy(event)) return;
  const startDate = event.startDate;
  if (!startDate) return;
  add(instant(startDate, event, 'dtstart', zone), instant(event.endDate, event, 'dtend', zone, startDate), window, out);
}

function isBusy(event: ICAL.Event): boolean {
  const c = event.component;
  const transp = String(c.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase();
  const status = String(c.getFirstPropertyValue('status') ?? '').toUpperCase();
  return transp !== 'TRANSPARENT' && status !== 'CANCELLED';
}

function add(start: number, end: number, window: BusyInterval, out: BusyInterval[]): void {
  const s = Math.max(start, window.start);
  const e = Math.min(end, window.end);
  if (Number.isFinite(s) && Number.isFinite(e) && e > s) out.push({ start: s, end: e });
}

/**
 * The instant of an iCalendar time. `prop` names the property whose TZID
 * applies (an end without DTEND, computed from DURATION, follows the start).
 */
function instant(t: ICAL.Time, event: ICAL.Event, prop: 'dtstart' | 'dtend', providerZone: string, startForFallback?: ICAL.Time): number {
  if (t.isDate) {
    return DateTime.fromObject({ year: t.year, month: t.month, day: t.day }, { zone: providerZone }).toMillis();
  }
  const zone = t.zone as ICAL.Timezone | null | undefined;
  if (zone && zone.tzid !== 'floating') return t.toUnixTime() * 1000; // UTC, or a VTIMEZONE in the object
  const property = event.component.getFirstProperty(prop) ?? (startForFallback ? event.component.getFirstProperty('dtstart') : null);
  const tzid = property?.getParameter('tzid');
  const wallZone = typeof tzid === 'string' && IANAZone.isValidZone(tzid) ? tzid : providerZone;
  return DateTime.fromObject(
    { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second },
    { zone: wallZone },
  ).toMillis();
}

