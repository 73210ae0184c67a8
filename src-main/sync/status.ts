import type { SyncStatusDto } from '../../src-shared/domain/calendar';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { readHubConnection, readSyncState } from './hub-settings';

/**
 * The sync indicator's numbers, read from the outbox,
 * the conflicts and the sync engine's own notes in `sync_state`:
 *
 * - pending: rows waiting to be delivered;
 * - needsAttention: rows the pusher gave up retrying or the hub refused
 *   (`attention`), and pulled changes this desk quarantined;
 * - conflicts: visits the hub refused, waiting for the desk to decide;
 * - lastSuccessAt: when a row was last delivered;
 * - online / offlineSince: the engine notes when the hub became unreachable
 *   and clears it on the next successful contact;
 * - problem: the hub refuses this desk (password, newer hub…);
 * - hubConfigured: without a hub this is a single-desk clinic: nothing is
 *   sent anywhere.
 */
export const OFFLINE_SINCE_KEY = 'offlineSince';
export const PROBLEM_KEY = 'problem';

export function readSyncStatus(db: ReadDb): SyncStatusDto {
  const counts = prepared<{ pending: number; attention: number; conflicts: number; lastDelivered: number | null }>(
    db,
    `SELECT
       (SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')) AS pending,
       (SELECT COUNT(*) FROM outbox WHERE state = 'attention')
         + (SELECT COUNT(*) FROM sync_quarantine WHERE dismissed_at IS NULL) AS attention,
       (SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL) AS conflicts,
       (SELECT MAX(updated_at) FROM outbox WHERE state = 'delivered') AS lastDelivered`,
  ).get()!;
  const hubConfigured = readHubConnection(db) !== null;
  const offline = hubConfigured ? readSyncState(db, OFFLINE_SINCE_KEY) : null;
  return {
    online: offline === null,
    offlineSince: offline === null ? null : Number(offline),
    pending: counts.pending,
    needsAttention: counts.attention,
    conflicts: counts.conflicts,
    lastSuccessAt: counts.lastDelivered,
    problem: hubConfigured ? readSyncState(db, PROBLEM_KEY) : null,
    hubConfigured,
  };
}
