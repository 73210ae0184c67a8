import type { SyncStatusDto } from '../../src-shared/domain/calendar';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';

/**
 * The sync indicator's numbers, read from the outbox (DESIGN.md habit 8).
 *
 * - pending: rows waiting to be delivered (`pending`, `in_flight`);
 * - needsAttention: rows the pusher gave up retrying (`attention`);
 * - lastSuccessAt: when a row was last delivered;
 * - hubConfigured: a `hubUrl` settings row holds a non-empty string. Without
 *   one this is a single-desk clinic: nothing is sent anywhere;
 * - online: with a hub, false while the newest delivery attempt failed
 *   (a waiting row carries an error newer than the last delivery).
 */
export const HUB_SETTING_KEY = 'hubUrl';

export function readSyncStatus(db: ReadDb): SyncStatusDto {
  const counts = prepared<{ pending: number; attention: number; lastDelivered: number | null; lastFailed: number | null }>(
    db,
    `SELECT
       (SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')) AS pending,
       (SELECT COUNT(*) FROM outbox WHERE state = 'attention') AS attention,
       (SELECT MAX(updated_at) FROM outbox WHERE state = 'delivered') AS lastDelivered,
       (SELECT MAX(updated_at) FROM outbox WHERE state IN ('pending', 'in_flight', 'attention') AND last_error IS NOT NULL) AS lastFailed`,
  ).get()!;
  const hub = prepared<string>(db, `SELECT value FROM settings WHERE key = ?`).pluck().get(HUB_SETTING_KEY);
  const hubConfigured = hubUrlOf(hub) !== null;
  return {
    online: !hubConfigured || counts.lastFailed === null || (counts.lastDelivered ?? -1) > counts.lastFailed,
    pending: counts.pending,
    needsAttention: counts.attention,
    lastSuccessAt: counts.lastDelivered,
    hubConfigured,
  };
}

function hubUrlOf(stored: string | undefined): string | null {
  if (stored === undefined) return null;
  try {
    const v = JSON.parse(stored) as unknown;
    return typeof v === 'string' && v.trim() !== '' ? v : null;
  } catch {
    return null;
  }
}
