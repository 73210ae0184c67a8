import { AppError } from '@shared/domain/errors';
import type { SlotOffer, SlotSearchResult, TimeExplanation } from '@shared/domain/availability';
import type { AppointmentTypeId, EpochMs, LocationId, ProviderId } from '@shared/domain/ids';
import {
  explainTimeInput,
  findSlotsInput,
  nextAvailableInput,
  NEXT_AVAILABLE_DEFAULT_DAYS,
  type ExplainTimeInput,
  type FindSlotsInput,
  type NextAvailableInput,
  type PartOfDay,
} from '@shared/schemas/slots';
import { readClashCause } from '../booking/refusal-words';
import { providerCannotPerform, providerNotBookable, typeNotBookable } from '../booking/errors';
import { loadLocationHours } from '../clinic';
import { notFound } from '../clinic/not-found';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { explain, findSlots, nextAvailable, type SlotMethod, type SlotQuery } from '../slots';
import { openMinutesOn } from '../slots/hours';
import { addDays, DAY_MS, instantToLocalDate, localMinuteToInstant } from '../slots/zone-day';
import { parseInput } from '../validation';
import type { Clock } from '../clock';
import { slotQueryFromDb } from './slot-query';

/**
 * Availability: slot searches and "why not" answers for the desk, built from
 * the database (slot-query.ts) and the pure slot engine. Read-only.
 */

const NOON_MIN = 12 * 60;

interface Plan {
  typeId: AppointmentTypeId;
  method: SlotMethod;
  providerIds: ProviderId[];
  locations: Array<{ id: LocationId; zone: string }>;
  partOfDay: PartOfDay;
  durationMin?: number;
  /** "any" only: list everyone free with each time. */
  allFree: boolean;
}

type SearchParsed = Pick<ReturnType<typeof findSlotsInput.parse>, 'typeId' | 'who' | 'locationId' | 'partOfDay' | 'durationMin'>;

/** Every bookable time between two local dates (inclusive), soonest first. */
export function findSlotsFor(db: ReadDb, clock: Clock, input: FindSlotsInput): SlotSearchResult {
  const v = parseInput(findSlotsInput, input);
  const plan = planSearch(db, v);
  const now = clock.now();
  const slots = plan.locations.flatMap((loc) =>
    windowsOf(loc.zone, v.fromDate, v.toDate, plan.partOfDay).flatMap((window) =>
      findSlots(queryAt(db, plan, loc.id, window, now)).map((s) => offer(s, loc.id)),
    ),
  );
  return result(plan, sortOffers(slots));
}

/** The first `count` bookable times from a day (default today at the first location) on. */
export function nextAvailableFor(db: ReadDb, clock: Clock, input: NextAvailableInput): SlotSearchResult {
  const v = parseInput(nextAvailableInput, input);
  const plan = planSearch(db, v);
  const now = clock.now();
  const all: SlotOffer[] = [];
  for (const loc of plan.locations) {
    const fromDate = v.fromDate ?? instantToLocalDate(loc.zone, now);
    const toDate = v.toDate ?? addDays(fromDate, NEXT_AVAILABLE_DEFAULT_DAYS - 1);
    if (toDate < fromDate) continue;
    // Agendas are read once per location; each day part is a window on the same query.
    const whole = { start: localMinuteToInstant(loc.zone, fromDate, 0), end: localMinuteToInstant(loc.zone, addDays(toDate, 1), 0) };
    const query = queryAt(db, plan, loc.id, whole, now);
    let found = 0;
    for (const window of windowsOf(loc.zone, fromDate, toDate, plan.partOfDay)) {
      if (found >= v.count) break;
      const slots = nextAvailable({ ...query, window }, v.count - found);
      found += slots.length;
      all.push(...slots.map((s) => offer(s, loc.id)));
    }
  }
  return result(plan, sortOffers(all).slice(0, v.count));
}

/** The slot engine's verdict on one start time for one provider, with every reason it is not bookable. */
export function explainTime(db: ReadDb, clock: Clock, input: ExplainTimeInput): TimeExplanation {
  const v = parseInput(explainTimeInput, input);
  checkType(db, v.typeId);
  checkProvider(db, v.providerId, v.typeId);
  const location = v.locationId !== undefined ? locationOf(db, v.locationId) : workplaceAt(db, v.providerId, v.start);
  const window = { start: v.start - DAY_MS, end: v.start + DAY_MS };
  const query = slotQueryFromDb(db, {
    locationId: location.id,
    typeId: v.typeId,
    providerIds: [v.providerId],
    method: 'single',
    window,
    now: clock.now(),
    ...(v.durationMin === undefined ? {} : { durationMin: v.durationMin }),
  });
  const durationMin = v.durationMin ?? query.type.durationMin;
  // A clash names the visit in the way and the rule (overlap, clean-up, preparation), as the guard's refusal does.
  const asked = {
    startAt: v.start,
    endAt: v.start + durationMin * 60_000,
    bufferBeforeMin: query.type.bufferBeforeMin,
    bufferAfterMin: query.type.bufferAfterMin,
  };
  const reasons = explain(query, v.start).map((r) => {
    if (r.kind !== 'appointment' && r.kind !== 'buffer') return r;
    const cause = readClashCause(db, r.appointmentId, asked);
    return cause ? { ...r, cause } : r;
  });
  return {
    providerId: v.providerId,
    typeId: v.typeId,
    locationId: location.id,
    zone: location.zone,
    start: v.start,
    end: v.start + durationMin * 60_000,
    bookable: reasons.length === 0,
    reasons,
  };
}

// ── Planning ────────────────────────────────────────────────────────────────

function planSearch(db: ReadDb, v: SearchParsed): Plan {
  checkType(db, v.typeId);
  let method: SlotMethod;
  let providerIds: ProviderId[];
  switch (v.who.kind) {
    case 'provider':
      checkProvider(db, v.who.providerId, v.typeId);
      method = 'single';
      providerIds = [v.who.providerId];
      break;
    case 'team':
      for (const p of v.who.providerIds) checkProvider(db, p, v.typeId);
      method = 'collective';
      providerIds = [...new Set(v.who.providerIds)];
      break;
    case 'any': {
      const able = performers(db, v.typeId);
      const asked = v.who.providerIds;
      providerIds = asked === undefined ? able : [...new Set(asked)].filter((p) => able.includes(p));
      if (providerIds.length === 0) {
        throw new AppError('VALIDATION', 'Nobody can be booked for this appointment type. Choose another type or provider.', {
          typeId: v.typeId,
        });
      }
      method = 'any';
      break;
    }
  }
  const locations = v.locationId !== undefined ? [locationOf(db, v.locationId)] : workplaces(db, providerIds);
  return {
    typeId: v.typeId,
    method,
    providerIds,
    locations,
    partOfDay: v.partOfDay,
    allFree: v.who.kind === 'any' && v.who.allFree === true,
    ...(v.durationMin === undefined ? {} : { durationMin: v.durationMin }),
  };
}

function queryAt(db: ReadDb, plan: Plan, locationId: LocationId, window: { start: EpochMs; end: EpochMs }, now: EpochMs): SlotQuery {
  return slotQueryFromDb(db, {
    locationId,
    typeId: plan.typeId,
    providerIds: plan.providerIds,
    method: plan.method,
    window,
    now,
    ...(plan.allFree ? { allFree: true } : {}),
    ...(plan.durationMin === undefined ? {} : { durationMin: plan.durationMin }),
  });
}

/** The search windows of a date range in a zone: whole days, or each day's morning or afternoon. */
function windowsOf(zone: string, fromDate: string, toDate: string, part: PartOfDay): Array<{ start: EpochMs; end: EpochMs }> {
  if (part === 'any') {
    return [{ start: localMinuteToInstant(zone, fromDate, 0), end: localMinuteToInstant(zone, addDays(toDate, 1), 0) }];
  }
  const out: Array<{ start: EpochMs; end: EpochMs }> = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
    out.push(
      part === 'morning'
        ? { start: localMinuteToInstant(zone, d, 0), end: localMinuteToInstant(zone, d, NOON_MIN) }
        : { start: localMinuteToInstant(zone, d, NOON_MIN), end: localMinuteToInstant(zone, addDays(d, 1), 0) },
    );
  }
  return out;
}

const offer = (s: { start: EpochMs; end: EpochMs; providerIds: ProviderId[]; roomId: SlotOffer['roomId'] }, locationId: LocationId): SlotOffer => ({
  ...s,
  locationId,
});

const sortOffers = (xs: SlotOffer[]): SlotOffer[] =>
  xs.sort((a, b) => a.start - b.start || (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0));

const result = (plan: Plan, slots: SlotOffer[]): SlotSearchResult => ({
  slots,
  providerIds: plan.providerIds,
  locationIds: plan.locations.map((l) => l.id),
});

// ── Checks and look-ups ─────────────────────────────────────────────────────

function checkType(db: ReadDb, typeId: AppointmentTypeId): void {
  const active = prepared<0 | 1>(db, `SELECT active FROM appointment_types WHERE id = ?`).pluck().get(typeId);
  if (active === undefined) throw notFound('appointment_type', typeId);
  if (active !== 1) throw typeNotBookable(typeId);
}

function checkProvider(db: ReadDb, providerId: ProviderId, typeId: AppointmentTypeId): void {
  const row = prepared<{ active: 0 | 1; allowed: 0 | 1 }>(
    db,
    `SELECT active, EXISTS (SELECT 1 FROM appointment_type_providers WHERE type_id = ? AND provider_id = p.id) AS allowed
       FROM providers p WHERE id = ?`,
  ).get(typeId, providerId);
  if (!row) throw notFound('provider', providerId);
  if (row.active !== 1) throw providerNotBookable(providerId);
  if (row.allowed !== 1) throw providerCannotPerform(providerId, typeId);
}

/** Active providers allowed to perform the type, by name. */
function performers(db: ReadDb, typeId: AppointmentTypeId): ProviderId[] {
  return prepared<ProviderId>(
    db,
    `SELECT p.id FROM providers p JOIN appointment_type_providers tp ON tp.provider_id = p.id
      WHERE tp.type_id = ? AND p.active = 1 ORDER BY p.name, p.id`,
  )
    .pluck()
    .all(typeId);
}

export function locationOf(db: ReadDb, id: LocationId): { id: LocationId; zone: string } {
  const row = prepared<{ id: LocationId; zone: string }>(db, `SELECT id, zone FROM locations WHERE id = ?`).get(id);
  if (!row) throw notFound('location', id);
  return row;
}

/** Locations where any of the providers has weekly hours or a date override, by name. */
function workplaces(db: ReadDb, providerIds: readonly ProviderId[]): Array<{ id: LocationId; zone: string }> {
  const placeholders = providerIds.map(() => '?').join(', ');
  return prepared<{ id: LocationId; zone: string }>(
    db,
    `SELECT l.id, l.zone FROM locations l
      WHERE EXISTS (SELECT 1 FROM opening_hours h WHERE h.location_id = l.id AND h.provider_id IN (${placeholders}))
         OR EXISTS (SELECT 1 FROM hours_overrides o WHERE o.location_id = l.id AND o.provider_id IN (${placeholders}))
      ORDER BY l.name, l.id`,
  ).all(...providerIds, ...providerIds);
}

/** Where the provider works on the local date of `t`: the first of their workplaces open that day, else the first one. */
export function workplaceAt(db: ReadDb, providerId: ProviderId, t: EpochMs): { id: LocationId; zone: string } {
  const places = workplaces(db, [providerId]);
  if (places.length === 0) {
    const first = prepared<{ id: LocationId; zone: string }>(db, `SELECT id, zone FROM locations ORDER BY name, id LIMIT 1`).get();
    if (!first) throw new AppError('VALIDATION', 'The clinic has no location yet. Ask a manager to set one up.');
    return first;
  }
  for (const place of places) {
    const date = instantToLocalDate(place.zone, t);
    const hours = loadLocationHours(db, providerId, place.id, { fromDate: date, toDate: date });
    if (openMinutesOn(hours, date).length > 0) return place;
  }
  return places[0]!;
}
