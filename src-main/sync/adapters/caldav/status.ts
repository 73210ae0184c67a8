import type { ProviderCalendarDto } from '@shared/domain/provider-calendars';
import type { ProviderId } from '@shared/domain/ids';
import type { ReadDb } from '@main/core/db/open';
import { prepared } from '@main/core/db/prepared';
import { busySource, queueCounts, readConnections } from './store';

/**
 * Every provider with their calendar's state for the Sync section: connected
 * or not, last pushed and pulled, visits waiting, and any problem in plain
 * words. Inactive providers are listed only while a calendar is connected.
 * Never the password.
 */
export function listProviderCalendars(db: ReadDb, now: number): ProviderCalendarDto[] {
  const providers = prepared<{ id: ProviderId; name: string; active: number }>(db, `SELECT id, name, active FROM providers ORDER BY name, id`).all();
  const connections = new Map(readConnections(db).map((c) => [c.providerId, c]));
  const counts = queueCounts(db);
  const busy = prepared<number>(db, `SELECT COUNT(*) FROM external_busy WHERE provider_id = ? AND source = ? AND end_at > ?`).pluck();
  const out: ProviderCalendarDto[] = [];
  for (const p of providers) {
    const c = connections.get(p.id);
    if (!c && p.active !== 1) continue;
    const q = counts.get(p.id);
    const refused = q?.refused ?? 0;
    out.push({
      providerId: p.id,
      providerName: p.name,
      providerActive: p.active === 1,
      connected: c !== undefined,
      url: c?.url ?? '',
      username: c?.username ?? '',
      hasPassword: c !== undefined && c.password !== '',
      lastPushAt: c?.lastPushAt ?? null,
      lastPullAt: c?.lastPullAt ?? null,
      pendingPushes: c ? (q?.pending ?? 0) : 0,
      refusedPushes: c ? refused : 0,
      problem: c ? (c.lastError ?? (refused > 0 ? refusedMessage(refused) : null)) : null,
      problemSince: c?.lastErrorAt ?? null,
      busyCount: c ? (busy.get(p.id, busySource(p.id), now) as number) : 0,
    });
  }
  return out;
}

const refusedMessage = (n: number): string =>
  `${n === 1 ? 'One visit was' : `${n} visits were`} not accepted by the calendar server. ` +
  'They are sent again when the visit is changed or the connection is saved again.';
