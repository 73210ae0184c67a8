import type { AuditHubStatusDto } from '../../src-shared/domain/audit';
import type { ChainedFields } from '../core/audit';
import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { readHubConnection, readSyncState, writeSyncState } from './hub-settings';

/**
 * Where this desk's audit trail stands at the clinic hub, kept in `sync_state`:
 *
 * - `auditShipped`: the hub and desk identity it was sent to and the highest
 *   row number (`audit_log.seq`) the hub has confirmed, every row before it
 *   included. Written only after the hub committed, so a crash in between
 *   sends those rows again and the hub answers them as re-deliveries. Another
 *   hub, or this desk enrolled again, starts from the first row.
 * - `auditProblem`: the hub's last refusal (which row, why), until rows go
 *   through again.
 */
const SHIPPED_KEY = 'auditShipped';
const PROBLEM_KEY = 'auditProblem';

/** Who the hub says this desk is: the cursor holds only for the same hub and desk. */
export interface HubIdentity {
  hubId: string;
  deskId: string;
}

interface Shipped extends HubIdentity {
  through: number;
  confirmedAt: number;
}

export interface AuditRefusal {
  seq: number | null;
  reason: string;
  /** The hub's own words (row numbers, never row content). */
  message: string;
  at: number;
}

function readShipped(db: ReadDb): Shipped | null {
  const raw = readSyncState(db, SHIPPED_KEY);
  if (raw === null) return null;
  const v = JSON.parse(raw) as Partial<Shipped>;
  return typeof v.hubId === 'string' && typeof v.deskId === 'string' && typeof v.through === 'number'
    ? { hubId: v.hubId, deskId: v.deskId, through: v.through, confirmedAt: v.confirmedAt ?? 0 }
    : null;
}

/** The last row the hub confirmed for this identity; 0 when nothing (or only to another hub or enrollment) was sent. */
export function auditShippedThrough(db: ReadDb, who: HubIdentity): number {
  const s = readShipped(db);
  return s && s.hubId === who.hubId && s.deskId === who.deskId ? s.through : 0;
}

export function markAuditShipped(db: WriteDb, who: HubIdentity, through: number, now: number): void {
  writeSyncState(db, SHIPPED_KEY, JSON.stringify({ hubId: who.hubId, deskId: who.deskId, through, confirmedAt: now } satisfies Shipped));
}

export function readAuditRefusal(db: ReadDb): AuditRefusal | null {
  const raw = readSyncState(db, PROBLEM_KEY);
  return raw === null ? null : (JSON.parse(raw) as AuditRefusal);
}

export function writeAuditRefusal(db: WriteDb, refusal: AuditRefusal | null): void {
  writeSyncState(db, PROBLEM_KEY, refusal === null ? null : JSON.stringify(refusal));
}

/** One audit row as the desk chained it and the hub's `append_audit` takes it. */
export interface ShippedAuditRow extends ChainedFields {
  seq: number;
  prevHash: string | null;
  hash: string | null;
}

/** Rows of one device chain, in order: the hub takes one chain per call. */
interface AuditRun {
  device: string;
  rows: ShippedAuditRow[];
}

/** Up to `limit` rows after `after`, in row order, cut into runs of one device each. */
export function nextAuditRuns(db: ReadDb, after: number, limit: number): AuditRun[] {
  const rows = prepared<ShippedAuditRow>(
    db,
    `SELECT seq, at, staff_id AS staffId, actor, device, action, entity_type AS entityType, entity_id AS entityId, details,
            prev_hash AS prevHash, hash
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
  ).all(after, limit);
  const runs: AuditRun[] = [];
  for (const r of rows) {
    const last = runs.at(-1);
    if (last && last.device === r.device) last.rows.push(r);
    else runs.push({ device: r.device, rows: [r] });
  }
  return runs;
}

/** Words for the desk when the hub refuses the trail: what it means and that visits are not held up. */
function auditRefusalText(r: Pick<AuditRefusal, 'seq' | 'reason'>): string {
  const entry = r.seq === null ? 'an entry' : `entry ${r.seq}`;
  const why =
    r.reason === 'malformed'
      ? `the clinic hub could not read ${entry} of this desk’s audit trail`
      : `this desk’s audit trail no longer matches what the clinic hub holds, from ${entry} on (entries were changed or removed here)`;
  return `Audit trail not sent: ${why}. Visits still sync. Tell a manager; the hub keeps the trail as it received it.`;
}

/** The Sync screen's audit line: how far the hub holds this desk's trail, and what waits to be sent. */
export function readAuditHubStatus(db: ReadDb): AuditHubStatusDto {
  const hubConfigured = readHubConnection(db) !== null;
  const shipped = hubConfigured ? readShipped(db) : null;
  const through = shipped?.through ?? 0;
  const counts = prepared<{ waiting: number; storedUpTo: number | null }>(
    db,
    `SELECT (SELECT COUNT(*) FROM audit_log WHERE seq > ?) AS waiting, (SELECT at FROM audit_log WHERE seq = ?) AS storedUpTo`,
  ).get(through, through)!;
  const refusal = hubConfigured ? readAuditRefusal(db) : null;
  return {
    hubConfigured,
    storedUpTo: counts.storedUpTo,
    confirmedAt: shipped?.confirmedAt ?? null,
    waiting: counts.waiting,
    problem: refusal ? auditRefusalText(refusal) : null,
  };
}
