import { AppError } from '@shared/domain/errors';
import type { ProviderId } from '@shared/domain/ids';
import type { ReadDb } from '../db/open';

/**
 * Set-up rules that need the stored clinic, checked inside the saving
 * transaction so they hold for every caller (IPC, demo, tests). Failures are
 * VALIDATION errors with `issues: [{ path, message }]` for the form field.
 */

interface Block {
  providerId: ProviderId;
  weekday: number;
  locationId: string;
  startMin: number;
  endMin: number;
}

/** The local date (UTC+14, the latest anywhere) before which ended rules no longer matter. */
const latestToday = (now: number): string => new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);

/** Longest stretch of weekly opening time per provider, merging rules that touch (09–12 and 12–17 = 8 h). */
function longestOpenings(db: ReadDb, providerIds: readonly ProviderId[], now: number): Map<ProviderId, number> {
  const out = new Map<ProviderId, number>();
  if (providerIds.length === 0) return out;
  const rows = db
    .prepare<unknown[], Block>(
      `SELECT provider_id AS providerId, weekday, location_id AS locationId, start_min AS startMin, end_min AS endMin
         FROM opening_hours
        WHERE provider_id IN (${providerIds.map(() => '?').join(', ')})
          AND (effective_until IS NULL OR effective_until >= ?)
        ORDER BY provider_id, location_id, weekday, start_min`,
    )
    .all(...providerIds, latestToday(now));
  let run: Block | null = null;
  const close = (b: Block | null): void => {
    if (b) out.set(b.providerId, Math.max(out.get(b.providerId) ?? 0, b.endMin - b.startMin));
  };
  for (const r of rows) {
    const continues = run && run.providerId === r.providerId && run.locationId === r.locationId && run.weekday === r.weekday && r.startMin <= run.endMin;
    if (continues) run!.endMin = Math.max(run!.endMin, r.endMin);
    else {
      close(run);
      run = { ...r };
    }
  }
  close(run);
  return out;
}

const hm = (min: number): string => (min % 60 === 0 ? `${min / 60} h` : min > 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min} min`);

/**
 * An appointment type must fit in some opening of the providers who perform
 * it: a 90-minute type for providers whose longest opening is an hour could
 * never be booked. Once the clinic has any opening hours, each active
 * provider named must have hours too (set-up order: location → providers →
 * hours → types), or the type silently offers nothing with them.
 */
export function assertTypeFitsOpenings(
  db: ReadDb,
  type: { durationMin: number; providerIds: readonly ProviderId[] },
  now: number,
): void {
  const longest = longestOpenings(db, type.providerIds, now);
  const clinicHasHours = db.prepare(`SELECT 1 FROM opening_hours LIMIT 1`).get() !== undefined;
  if (clinicHasHours && type.providerIds.length > 0) {
    const missing = db
      .prepare<unknown[], { id: ProviderId; name: string }>(
        `SELECT id, name FROM providers WHERE active = 1 AND id IN (${type.providerIds.map(() => '?').join(', ')}) ORDER BY name`,
      )
      .all(...type.providerIds)
      .filter((p) => !longest.has(p.id));
    if (missing.length > 0) {
      const names = missing.map((p) => p.name).join(', ');
      const message = `${names} ${missing.length === 1 ? 'has' : 'have'} no opening hours yet. Add their hours first, or leave them out of this type.`;
      throw new AppError('VALIDATION', message, { issues: [{ path: 'providerIds', message }], providerIds: missing.map((p) => p.id) });
    }
  }
  if (longest.size === 0) return;
  const best = Math.max(...longest.values());
  if (type.durationMin > best) {
    const message = `This type lasts ${hm(type.durationMin)}, longer than any opening of its providers (the longest is ${hm(best)}). Shorten it or extend their hours.`;
    throw new AppError('VALIDATION', message, { issues: [{ path: 'durationMin', message }] });
  }
}
