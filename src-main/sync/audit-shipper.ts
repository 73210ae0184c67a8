import type { QueryResultRow } from 'pg';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import {
  auditShippedThrough,
  markAuditShipped,
  nextAuditRuns,
  readAuditRefusal,
  writeAuditRefusal,
  type AuditRefusal,
  type HubIdentity,
  type ShippedAuditRow,
} from './audit-shipping-state';

/**
 * Sends this desk's audit trail to the clinic hub (`frontdesk_api.append_audit`,
 * adapters/hub-postgres/audit-trail-sql.ts), oldest row first, from the cursor
 * the desk keeps (audit-shipping-state.ts), a batch of rows per round trip,
 * one device chain per call. Not through the outbox: audit rows are many,
 * append-only and already ordered, so a row number is all the bookkeeping
 * they need.
 *
 * The cursor moves only after the hub has committed; rows sent again after a
 * crash come back as re-deliveries. A refusal (the trail here no longer
 * matches what the hub holds) is kept for the status and stops the trail
 * where it is; visits are not held up by it. A refused trail is tried again
 * after RETRY_REFUSED_MS, not on every cycle. `maxBatches` bounds one call,
 * so a desk's first trail of many thousands of rows goes out over several
 * cycles with the visits' pushes and pulls between them.
 */
interface AuditShipResult {
  stored: number;
  duplicates: number;
  refused: AuditRefusal | null;
  /** Rows still wait after this call's share (`maxBatches`). */
  more: boolean;
}

/** What shipping needs of a hub connection (a pool client). */
interface AuditHubConnection {
  query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

const AUDIT_BATCH = 500;
const RETRY_REFUSED_MS = 5 * 60_000;

interface HubAnswer {
  outcome: 'stored' | 'refused';
  reason?: string;
  seq?: number | null;
  message?: string;
  stored: number;
  duplicates: number;
  lastSeq: number | null;
}

/** The batch as the hub's `append_audit` takes it; `details` stays the stored JSON text (its hash covers that text). */
function batchJson(rows: readonly ShippedAuditRow[]): string {
  return JSON.stringify(rows);
}

export async function shipAuditTrail(
  ctx: CoreContext,
  client: AuditHubConnection,
  who: HubIdentity,
  opts: { batchSize?: number; maxBatches?: number; live?: () => boolean } = {},
): Promise<AuditShipResult> {
  const result: AuditShipResult = { stored: 0, duplicates: 0, refused: null, more: false };
  const batchSize = opts.batchSize ?? AUDIT_BATCH;
  let batches = 0;
  const earlier = readAuditRefusal(ctx.db);
  if (earlier && ctx.clock.now() - earlier.at < RETRY_REFUSED_MS && ctx.clock.now() >= earlier.at) {
    result.refused = earlier;
    return result;
  }
  for (;;) {
    if (opts.live && !opts.live()) return result;
    const through = auditShippedThrough(ctx.db, who);
    const runs = nextAuditRuns(ctx.db, through, batchSize);
    if (runs.length === 0) {
      if (earlier) inWriteTransaction(ctx.db, () => writeAuditRefusal(ctx.db, null));
      break;
    }
    if (opts.maxBatches !== undefined && batches >= opts.maxBatches) {
      result.more = true;
      break;
    }
    batches++;
    let reached = through;
    for (const run of runs) {
      const { rows } = await client.query<{ answer: HubAnswer }>('SELECT frontdesk_api.append_audit($1::jsonb) AS answer', [batchJson(run.rows)]);
      const a = rows[0]!.answer;
      result.stored += a.stored;
      result.duplicates += a.duplicates;
      if (a.outcome === 'refused') {
        const refusal: AuditRefusal = { seq: a.seq ?? null, reason: a.reason ?? 'refused', message: a.message ?? '', at: ctx.clock.now() };
        if (opts.live && !opts.live()) return result;
        const kept = a.lastSeq ?? reached;
        inWriteTransaction(ctx.db, () => {
          if (kept > through) markAuditShipped(ctx.db, who, kept, ctx.clock.now());
          writeAuditRefusal(ctx.db, refusal);
        });
        result.refused = refusal;
        return result;
      }
      reached = run.rows.at(-1)!.seq;
    }
    // Stopped meanwhile (the app is closing): the hub has the rows; they go again next time and come back as re-deliveries.
    if (opts.live && !opts.live()) return result;
    inWriteTransaction(ctx.db, () => {
      markAuditShipped(ctx.db, who, reached, ctx.clock.now());
      if (earlier) writeAuditRefusal(ctx.db, null);
    });
  }
  return result;
}
