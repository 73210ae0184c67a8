import type { SlotOffer } from '@shared/domain/availability';
import type { AppointmentTypeId, LocationId, ProviderId } from '@shared/domain/ids';
import type { OpenedTime } from '@shared/domain/waitlist';
import { isAppError } from '@shared/domain/errors';
import { findSlotsFor } from '../availability';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { addDays, DAY_MS, instantToLocalDate, isoWeekday, MINUTE_MS, offsetAt } from '../slots/zone-day';
import type { Clock } from '../clock';
import { weekdayMask, type WaitlistRow } from './rows';

/**
 * Which waitlist entries fit a time, and the earliest time that fits each.
 * The slot engine is asked once per appointment type (never once per entry):
 * its bookable starts are then tested against each entry's wishes, which are
 * cheap comparisons on the start's local date, weekday and time of day.
 */

const NOON_MIN = 12 * 60;
const MORNING = 1;
const AFTERNOON = 2;

/** Where a start falls in its location's local time. */
interface LocalStart {
  date: string;
  weekdayBit: number;
  partBit: number;
}

/** Local facts of slot starts, with zones read once per location. */
export class LocalStarts {
  private zones = new Map<LocationId, string>();
  constructor(private readonly db: ReadDb) {}

  zone(locationId: LocationId): string {
    let z = this.zones.get(locationId);
    if (z === undefined) {
      z = prepared<string>(this.db, `SELECT zone FROM locations WHERE id = ?`).pluck().get(locationId) ?? 'UTC';
      this.zones.set(locationId, z);
    }
    return z;
  }

  of(slot: { start: number; locationId: LocationId }): LocalStart {
    const zone = this.zone(slot.locationId);
    const date = instantToLocalDate(zone, slot.start);
    const minute = Math.floor((((slot.start + offsetAt(zone, slot.start)) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);
    return { date, weekdayBit: 1 << (isoWeekday(date) - 1), partBit: minute < NOON_MIN ? MORNING : AFTERNOON };
  }
}

/** What a match reads of an entry: its wishes, never its note. */
export type Wishes = Pick<WaitlistRow, 'id' | 'location_id' | 'earliest_date' | 'latest_date' | 'weekdays' | 'parts_of_day' | 'created_at'>;

/** True when a start at `at` (at `locationId`) meets the entry's place, dates, days and parts of day. */
export function wishesMet(row: Wishes, locationId: LocationId, at: LocalStart): boolean {
  return (
    (row.location_id === null || row.location_id === locationId) &&
    at.date >= row.earliest_date &&
    (row.latest_date === null || at.date <= row.latest_date) &&
    (row.weekdays === 0 || (row.weekdays & at.weekdayBit) !== 0) &&
    (row.parts_of_day === 0 || (row.parts_of_day & at.partBit) !== 0)
  );
}

/** Types with open entries that this provider performs (active types only). */
function typesWaitingFor(db: ReadDb, providerId: ProviderId): AppointmentTypeId[] {
  return prepared<AppointmentTypeId>(
    db,
    `SELECT t.id FROM appointment_types t JOIN appointment_type_providers tp ON tp.type_id = t.id AND tp.provider_id = ?
      WHERE t.active = 1 AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.status = 'open' AND w.type_id = t.id)
      ORDER BY t.id`,
  )
    .pluck()
    .all(providerId);
}

/** Local dates that can hold a start inside the opened time (a day either side when its location is open). */
function datesAround(local: LocalStarts, o: OpenedTime): { fromDate: string; toDate: string } {
  if (o.locationId !== null) {
    const zone = local.zone(o.locationId);
    return { fromDate: instantToLocalDate(zone, o.startAt), toDate: instantToLocalDate(zone, o.endAt - 1) };
  }
  return { fromDate: addDays(instantToLocalDate('UTC', o.startAt), -1), toDate: addDays(instantToLocalDate('UTC', o.endAt - 1), 1) };
}

export interface Fit {
  row: Wishes;
  slot: SlotOffer;
}

/**
 * The open entries that fit an opened time, oldest entry first (first come,
 * first served), each with the first bookable start inside that time that
 * meets its wishes. Only starts the slot engine offers count, so every fit
 * books through the guard.
 */
export function matchOpening(db: ReadDb, clock: Clock, opening: OpenedTime): Fit[] {
  const local = new LocalStarts(db);
  const dates = datesAround(local, opening);
  const fits: Fit[] = [];
  for (const typeId of typesWaitingFor(db, opening.providerId)) {
    let slots: SlotOffer[];
    try {
      slots = findSlotsFor(db, clock, {
        typeId,
        who: { kind: 'provider', providerId: opening.providerId },
        ...(opening.locationId !== null ? { locationId: opening.locationId } : {}),
        ...dates,
      }).slots.filter((s) => s.start >= opening.startAt && s.start < opening.endAt);
    } catch (e) {
      // A provider who can no longer be booked, a location removed meanwhile: nothing fits.
      if (isAppError(e)) continue;
      throw e;
    }
    if (slots.length === 0) continue;
    const starts = slots.map((s) => ({ slot: s, at: local.of(s) }));
    const days = [...new Set(starts.map((s) => s.at.date))];
    const rows = prepared<Wishes>(
      db,
      `SELECT w.id, w.location_id, w.earliest_date, w.latest_date, w.weekdays, w.parts_of_day, w.created_at FROM waitlist_entries w
        WHERE w.status = 'open' AND w.type_id = @type
          AND (w.provider_ids = '[]' OR EXISTS (SELECT 1 FROM json_each(w.provider_ids) j WHERE j.value = @provider))
          AND w.earliest_date <= @last AND (w.latest_date IS NULL OR w.latest_date >= @first)
          AND (w.weekdays = 0 OR (w.weekdays & @days) <> 0)
        ORDER BY w.created_at, w.id`,
    ).all({
      type: typeId,
      provider: opening.providerId,
      first: days[0]!,
      last: days[days.length - 1]!,
      days: weekdayMask(days.map(isoWeekday)),
    });
    for (const row of rows) {
      const hit = starts.find((s) => wishesMet(row, s.slot.locationId, s.at));
      if (hit) fits.push({ row, slot: hit.slot });
    }
  }
  return fits.sort((a, b) => a.row.created_at - b.row.created_at || (a.row.id < b.row.id ? -1 : 1));
}

/** How far ahead the Waitlist view looks for each entry's earliest time. */
export const EARLIEST_HORIZON_DAYS = 60;

/**
 * The earliest bookable time that fits each open entry, within
 * EARLIEST_HORIZON_DAYS from the later of today and the entries' earliest
 * date. One "everyone free" search per type and location lists who is free
 * at each time; each entry then takes the first time one of its providers is
 * free and its wishes are met.
 */
export function earliestFits(db: ReadDb, clock: Clock, rows: readonly WaitlistRow[]): Map<string, SlotOffer> {
  const local = new LocalStarts(db);
  const out = new Map<string, SlotOffer>();
  const byType = new Map<AppointmentTypeId, WaitlistRow[]>();
  for (const r of rows) if (r.status === 'open') byType.set(r.type_id, [...(byType.get(r.type_id) ?? []), r]);
  for (const [typeId, group] of byType) {
    const firstLocation = group[0]!.location_id;
    const zone = firstLocation !== null ? local.zone(firstLocation) : 'UTC';
    const today = instantToLocalDate(zone, clock.now());
    const soonest = group.reduce((d, r) => (r.earliest_date < d ? r.earliest_date : d), group[0]!.earliest_date);
    const fromDate = soonest > today ? soonest : today;
    const toDate = addDays(fromDate, EARLIEST_HORIZON_DAYS - 1);
    const locations = new Set(group.map((r) => r.location_id));
    const where: Array<LocationId | undefined> = locations.has(null) ? [undefined] : [...locations].filter((l): l is LocationId => l !== null);
    let slots: SlotOffer[] = [];
    try {
      slots = where.flatMap((locationId) =>
        findSlotsFor(db, clock, { typeId, who: { kind: 'any', allFree: true }, ...(locationId ? { locationId } : {}), fromDate, toDate }).slots,
      );
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
    slots.sort((a, b) => a.start - b.start);
    const starts = slots.map((s) => ({ slot: s, at: local.of(s) }));
    for (const row of group) {
      const wanted = JSON.parse(row.provider_ids) as ProviderId[];
      for (const { slot, at } of starts) {
        if (!wishesMet(row, slot.locationId, at)) continue;
        const free = slot.free?.providerIds ?? slot.providerIds;
        const who = wanted.length === 0 ? free[0] : free.find((p) => wanted.includes(p));
        if (who === undefined) continue;
        out.set(row.id, { start: slot.start, end: slot.end, locationId: slot.locationId, providerIds: [who], roomId: slot.free?.roomIds[0] ?? slot.roomId });
        break;
      }
    }
  }
  return out;
}
