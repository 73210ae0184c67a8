import type { LocationId } from '@shared/domain/ids';
import { notFound } from '../clinic/not-found';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';

/** The IANA zone of a location (its day views and opening hours are in it). */
export function locationZone(db: ReadDb, locationId: LocationId): string {
  const zone = prepared<string>(db, `SELECT zone FROM locations WHERE id = ?`).pluck().get(locationId);
  if (zone === undefined) throw notFound('location', locationId);
  return zone;
}
