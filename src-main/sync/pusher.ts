import type { PoolClient } from 'pg';
import type { AppointmentSnapshot } from '../../src-shared/domain/booking';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import { recordConflict, type HubConflict } from './conflicts';
import { markDelivered, markFailed, markSettled, type QueuedChange } from './queue';

/**
 * Delivers one batch of outbox rows to the hub in a single round trip
 * (`hub_apply`, see adapters/hub-postgres/schema.ts) and records each row's
 * answer locally in one transaction. At least once: if this desk dies after
 * the hub committed and before the local commit, the rows go again and the
 * hub answers from its receipts, the same as the first time.
 */
export interface PushResult {
  delivered: number;
  /** Visits the hub refused (their conflicts are recorded). */
  conflicts: string[];
  /** Rows the hub could not apply (each counted as a failed attempt). */
  failed: number;
  /** Rows that crossed into 'attention'. */
  attention: number;
}

interface HubAnswer {
  key: string;
  outcome: 'applied' | 'conflict' | 'error';
  kind?: 'overlap' | 'version';
  on?: 'provider' | 'room';
  competing?: HubConflict['competing'];
  hub?: AppointmentSnapshot | null;
  sqlstate?: string;
  message?: string;
}

/** The batch as hub_apply takes it; payloads are spliced in as stored (they are JSON already). */
function batchJson(rows: readonly QueuedChange[]): string {
  return `[${rows
    .map(
      (r) =>
        `{"key":${JSON.stringify(r.key)},"entityType":${JSON.stringify(r.entityType)},"entityId":${JSON.stringify(r.entityId)},"operation":${JSON.stringify(r.operation)},"payload":${r.payload}}`,
    )
    .join(',')}]`;
}

export async function pushBatch(
  ctx: CoreContext,
  client: PoolClient,
  deskId: string,
  rows: readonly QueuedChange[],
  opts: { random?: (() => number) | undefined; live?: () => boolean } = {},
): Promise<PushResult> {
  const { rows: out } = await client.query<{ results: HubAnswer[] }>('SELECT hub_apply($1::jsonb, $2) AS results', [batchJson(rows), deskId]);
  const answers = out[0]!.results;
  const now = ctx.clock.now();
  const result: PushResult = { delivered: 0, conflicts: [], failed: 0, attention: 0 };
  // Stopped meanwhile (the app is closing): the rows stay pending and the hub's receipts answer them next time.
  if (opts.live && !opts.live()) return result;
  const failed: QueuedChange[] = [];
  const failReasons = new Map<number, string>();
  inWriteTransaction(ctx.db, () => {
    const delivered: number[] = [];
    rows.forEach((row, i) => {
      const a = answers[i];
      if (!a || a.key !== row.key) throw new Error('the hub answered a different batch');
      if (a.outcome === 'applied') delivered.push(row.seq);
      else if (a.outcome === 'conflict') {
        recordConflict(ctx, row.entityId, row.seq, { kind: a.kind ?? 'overlap', on: a.on, competing: a.competing ?? null, hub: a.hub ?? null }, now);
        markSettled(ctx.db, row.seq, now, a.kind === 'version' ? 'Changed at another desk meanwhile' : 'Time taken at another desk');
        result.conflicts.push(row.entityId);
      } else {
        failed.push(row);
        failReasons.set(row.seq, `The hub could not apply this change (${a.sqlstate ?? 'error'}).`);
      }
    });
    markDelivered(ctx.db, delivered, now);
    result.delivered = delivered.length;
  });
  for (const row of failed) result.attention += markFailed(ctx.db, [row], now, failReasons.get(row.seq)!, opts.random);
  result.failed = failed.length;
  return result;
}
