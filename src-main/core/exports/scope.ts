import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { addDays, localMinuteToInstant } from '../slots/zone-day';

/** Which visits an export or report covers: local dates (inclusive) in each location's own zone. */
export interface ExportScope {
  fromDate: string;
  toDate: string;
  locationIds?: readonly string[] | undefined;
  providerIds?: readonly string[] | undefined;
}

/** One location of the scope with its zone and the instants its local dates span: [from, to). */
export interface ScopedLocation {
  id: string;
  name: string;
  zone: string;
  from: number;
  to: number;
}

export function scopedLocations(db: ReadDb, scope: ExportScope): ScopedLocation[] {
  const all = prepared<{ id: string; name: string; zone: string }>(db, `SELECT id, name, zone FROM locations ORDER BY name, id`).all();
  const wanted = scope.locationIds && scope.locationIds.length > 0 ? new Set(scope.locationIds) : null;
  return all
    .filter((l) => !wanted || wanted.has(l.id))
    .map((l) => ({
      ...l,
      from: localMinuteToInstant(l.zone, scope.fromDate, 0),
      to: localMinuteToInstant(l.zone, addDays(scope.toDate, 1), 0),
    }));
}

/** The provider filter as a set, or null for every provider. */
export function providerFilter(scope: ExportScope): Set<string> | null {
  return scope.providerIds && scope.providerIds.length > 0 ? new Set(scope.providerIds) : null;
}
