import type { ReadDb } from '@main/core/db/open';
import { loadLocationHours } from '@main/core/clinic';
import { openIntervals } from '@main/core/slots/hours';
import { coveredBy, mergeIntervals, overlaps, type Interval } from '@main/core/slots/interval';
import type { LocationId, ProviderId } from '@shared/domain/ids';

const RELEASED = `('cancelled', 'no_show')`;
const LIVE = `status NOT IN ${RELEASED}`;

/** Pairs of live visits whose busy spans overlap, for one provider or one room: must be none. */
export function overlappingLiveVisits(db: ReadDb, owner: 'provider_id' | 'room_id'): number {
  return db
    .prepare(
      `SELECT count(*) FROM appointments a JOIN appointments b
          ON b.${owner} = a.${owner} AND b.id > a.id
         AND b.busy_start_at < a.busy_end_at AND a.busy_start_at < b.busy_end_at
       WHERE a.${owner} IS NOT NULL AND a.status NOT IN ${RELEASED} AND b.status NOT IN ${RELEASED}`,
    )
    .pluck()
    .get() as number;
}

/** Visits (any status) whose busy span meets a blockout of their provider or their room: must be none. */
export function visitsInBlockouts(db: ReadDb): number {
  return db
    .prepare(
      `SELECT count(*) FROM appointments a JOIN blockouts b
          ON (b.provider_id = a.provider_id OR b.room_id = a.room_id)
         AND b.start_at < a.busy_end_at AND a.busy_start_at < b.end_at`,
    )
    .pluck()
    .get() as number;
}

/** Visits by a provider not allowed to perform the type, or in a room that cannot host it: must be none. */
export function visitsBreakingSetup(db: ReadDb): number {
  return db
    .prepare(
      `SELECT count(*) FROM appointments a JOIN appointment_types t ON t.id = a.type_id
        WHERE NOT EXISTS (SELECT 1 FROM appointment_type_providers p WHERE p.type_id = a.type_id AND p.provider_id = a.provider_id)
           OR (t.needs_room = 1 AND a.room_id IS NULL)
           OR (a.room_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM rooms r WHERE r.id = a.room_id AND r.location_id = a.location_id AND r.active = 1
                    AND (EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = a.type_id AND tr.room_id = r.id)
                         OR NOT EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = a.type_id))))
           OR a.busy_start_at <> a.start_at - t.buffer_before_min * 60000
           OR a.busy_end_at <> a.end_at + t.buffer_after_min * 60000
           OR a.end_at - a.start_at <> t.duration_min * 60000`,
    )
    .pluck()
    .get() as number;
}

interface VisitRow {
  id: string;
  provider_id: ProviderId;
  location_id: LocationId;
  start_at: number;
  end_at: number;
  busy_start_at: number;
  busy_end_at: number;
  status: string;
}

/**
 * Opening hours need zone arithmetic, so this one is checked with the same
 * functions the booking guard uses: returns visits whose busy span is not
 * inside their provider's hours at their location.
 */
export function visitsOutsideHours(db: ReadDb): string[] {
  const visits = db.prepare(`SELECT * FROM appointments`).all() as VisitRow[];
  const hoursCache = new Map<string, ReturnType<typeof loadLocationHours>>();
  const bad: string[] = [];
  for (const v of visits) {
    const key = `${v.provider_id}|${v.location_id}`;
    let hours = hoursCache.get(key);
    if (!hours) {
      hours = loadLocationHours(db, v.provider_id, v.location_id);
      hoursCache.set(key, hours);
    }
    const open = openIntervals(hours, v.busy_start_at - 86_400_000, v.busy_end_at + 86_400_000);
    if (!coveredBy(open, { start: v.busy_start_at, end: v.busy_end_at })) bad.push(v.id);
  }
  return bad;
}

/**
 * Share of open time (hours minus provider blockouts) that live visits keep
 * busy, over every provider, site and day of [from, to).
 */
export function liveFill(db: ReadDb, from: number, to: number): number {
  const sites = db.prepare(`SELECT DISTINCT provider_id, location_id FROM opening_hours`).all() as Array<{
    provider_id: ProviderId;
    location_id: LocationId;
  }>;
  let open = 0;
  let busy = 0;
  for (const s of sites) {
    const blockouts = (
      db.prepare(`SELECT start_at AS start, end_at AS end FROM blockouts WHERE provider_id = ?`).all(s.provider_id) as Interval[]
    ).filter((b) => b.end > from && b.start < to);
    const openHere = subtract(openIntervals(loadLocationHours(db, s.provider_id, s.location_id), from, to), blockouts);
    open += openHere.reduce((n, i) => n + i.end - i.start, 0);
    const spans = db
      .prepare(
        `SELECT busy_start_at AS start, busy_end_at AS end FROM appointments
          WHERE provider_id = ? AND location_id = ? AND ${LIVE} AND busy_start_at >= ? AND busy_end_at <= ?`,
      )
      .all(s.provider_id, s.location_id, from, to) as Interval[];
    busy += spans.reduce((n, i) => n + i.end - i.start, 0);
  }
  return busy / open;
}

function subtract(from: Interval[], cut: Interval[]): Interval[] {
  const holes = mergeIntervals(cut);
  return from.flatMap((x) => {
    const parts: Interval[] = [];
    let start = x.start;
    for (const h of holes) {
      if (!overlaps(h, { start, end: x.end })) continue;
      if (h.start > start) parts.push({ start, end: h.start });
      start = Math.max(start, h.end);
    }
    if (start < x.end) parts.push({ start, end: x.end });
    return parts;
  });
}
