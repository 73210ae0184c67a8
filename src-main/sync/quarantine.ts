import type { SyncQuarantineDto } from '../../src-shared/domain/sync';
import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';

/**
 * Pulled changes this desk would not apply (see migration 0013): kept with
 * the reason, shown under Sync › needs attention until someone dismisses
 * them. Reasons name fields, never values.
 */
export interface QuarantinedChange {
  hubId: string;
  seq: number;
  entityType: string;
  entityId: string;
  operation: string;
  payload: unknown;
}

const MAX_PAYLOAD_CHARS = 65_536;
const cut = (s: unknown, n: number): string => String(s ?? '').slice(0, n);

export function quarantineChange(db: WriteDb, c: QuarantinedChange, reason: string, now: number): void {
  let payload: string;
  try {
    payload = JSON.stringify(c.payload) ?? 'null';
  } catch {
    payload = '(not JSON)';
  }
  prepared(
    db,
    `INSERT INTO sync_quarantine (hub_id, seq, entity_type, entity_id, operation, reason, payload, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hub_id, seq) DO NOTHING`,
  ).run(c.hubId, c.seq, cut(c.entityType, 64), cut(c.entityId, 64), cut(c.operation, 64), cut(reason, 500), payload.slice(0, MAX_PAYLOAD_CHARS), now);
}

export function listQuarantined(db: ReadDb): SyncQuarantineDto[] {
  return prepared<SyncQuarantineDto>(
    db,
    `SELECT rowid AS id, seq, entity_type AS entityType, operation, reason, received_at AS receivedAt
       FROM sync_quarantine WHERE dismissed_at IS NULL ORDER BY received_at, seq`,
  ).all();
}

/** Someone looked at it: it leaves the list (the row stays for the record). */
export function dismissQuarantined(db: WriteDb, id: number, now: number): boolean {
  return prepared(db, `UPDATE sync_quarantine SET dismissed_at = ? WHERE rowid = ? AND dismissed_at IS NULL`).run(now, id).changes === 1;
}
