import type { PoolClient } from 'pg';
import type { AppointmentSnapshot } from '../../src-shared/domain/booking';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import { recordConflict, type HubConflict } from './conflicts';
import type { Patient } from '../../src-shared/domain/patients';
import { patientChangeRefused, type SentPatientChange } from '../core/patients/conflicts';
import { markDelivered, markFailed, markRefused, markSettled, type QueuedChange } from './queue';
import { AUTHORITY_REFUSALS } from './adapters/hub-postgres/setup-authority-sql';
import { goBackToHub, isUndoable, type HubCopy } from './undone';

/**
 * Delivers one batch of outbox rows to the hub in a single round trip
 * (`frontdesk_api.push`, see adapters/hub-postgres/authority-sql.ts) and
 * records each row's answer locally in one transaction. At least once: if
 * this desk dies after the hub committed and before the local commit, the
 * rows go again and the hub answers from its receipts, the same as the first
 * time. A change the hub's checks refuse needs attention at once, with the
 * hub's reason: sending it again would get the same answer. A change the
 * hub held back (an earlier one it may depend on did not go through) stays
 * pending as it was and goes again in order.
 */
export interface PushResult {
  delivered: number;
  /** Visits the hub refused (their conflicts are recorded). */
  conflicts: string[];
  /** Rows the hub could not apply (each counted as a failed attempt). */
  failed: number;
  /** Rows that crossed into 'attention'. */
  attention: number;
  /** Patients whose change another desk's change overtook (sent again, or waiting for a choice). */
  patients: string[];
  /** Staff and set-up records put back to the hub's version (their change refused or overtaken). */
  undone: Array<{ entityType: string; entityId: string }>;
}

interface HubAnswer {
  key: string;
  /** held: not tried, because an earlier change of the batch it may depend on did not go through (it stays pending). */
  outcome: 'applied' | 'conflict' | 'refused' | 'error' | 'held';
  /** refused: why (malformed, too_large, out_of_range, unknown_reference, unknown_kind, id_mismatch, key_reused, not_manager, has_manager, not_staff, not_permitted). */
  reason?: string;
  field?: string | null;
  kind?: 'overlap' | 'version';
  on?: 'provider' | 'room';
  competing?: HubConflict['competing'];
  /** A visit's conflict: the hub's visit. A staff or set-up record's refusal or conflict: the hub's copy (null: it never had it). */
  hub?: AppointmentSnapshot | HubCopy | null;
  sqlstate?: string;
  message?: string;
}

/** The batch as the hub's push takes it; payloads are spliced in as stored (they are JSON already). */
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
  rows: readonly QueuedChange[],
  opts: { random?: (() => number) | undefined; live?: () => boolean } = {},
): Promise<PushResult> {
  const { rows: out } = await client.query<{ results: HubAnswer[] }>('SELECT frontdesk_api.push($1::jsonb) AS results', [batchJson(rows)]);
  const answers = out[0]!.results;
  const now = ctx.clock.now();
  const result: PushResult = { delivered: 0, conflicts: [], failed: 0, attention: 0, patients: [], undone: [] };
  // Stopped meanwhile (the app is closing): the rows stay pending and the hub's receipts answer them next time.
  if (opts.live && !opts.live()) return result;
  const failed: QueuedChange[] = [];
  const failReasons = new Map<number, string>();
  inWriteTransaction(ctx.db, () => {
    const delivered: number[] = [];
    rows.forEach((row, i) => {
      const a = answers[i];
      if (!a || a.key !== row.key) throw new Error('the hub answered a different batch');
      if (a.outcome === 'held') return;
      if (a.outcome === 'applied') delivered.push(row.seq);
      else if (wentBackToHub(ctx, row, a, now)) result.undone.push({ entityType: row.entityType, entityId: row.entityId });
      else if (a.outcome === 'conflict' && row.entityType === 'patient') {
        // Another desk changed the record first: kept both ways when the fields differ, else listed for a choice.
        const sent = { operation: row.operation, payload: JSON.parse(row.payload) as SentPatientChange['payload'] };
        const outcome = patientChangeRefused(ctx, sent, row.seq, a.hub as unknown as Patient);
        markSettled(ctx.db, row.seq, now, outcome === 'rebased' ? 'Sent again on top of another desk’s change' : 'Changed at another desk meanwhile');
        result.patients.push(row.entityId);
      } else if (a.outcome === 'conflict' && row.entityType === 'staff') {
        markRefused(ctx.db, row.seq, now, 'Another desk changed this person first. Check the staff list and make the change again if it is still wanted.');
        result.attention++;
      } else if (a.outcome === 'conflict') {
        recordConflict(ctx, row.entityId, row.seq, { kind: a.kind ?? 'overlap', on: a.on, competing: a.competing ?? null, hub: (a.hub as AppointmentSnapshot | null) ?? null }, now);
        markSettled(ctx.db, row.seq, now, a.kind === 'version' ? 'Changed at another desk meanwhile' : 'Time taken at another desk');
        result.conflicts.push(row.entityId);
      } else if (a.outcome === 'refused') {
        markRefused(ctx.db, row.seq, now, refusalText(a));
        result.attention++;
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

const REFUSALS: Record<string, string> = {
  malformed: 'it is incomplete or not well formed',
  too_large: 'a value is longer than the hub accepts',
  out_of_range: 'a value is outside what the hub accepts',
  unknown_reference: 'it refers to a record the hub does not have (retry once that record has been sent)',
  unknown_kind: 'the hub does not know this kind of change (the hub or this desk needs an update)',
  id_mismatch: 'it does not match the record it names',
  key_reused: 'its delivery key was already used for a different change',
  not_manager: 'only an active manager known to the clinic hub may add people or change their role or access. Ask a manager to make this change',
  has_manager: 'the clinic already has a manager, so a first manager made at this desk is not taken. Ask a manager to add this person',
  not_staff: 'only a person signed in with an active staff account known to the clinic hub may change the clinic set-up',
  not_permitted: 'the role of the person who made it does not include this change to the clinic set-up. Ask a manager to make it',
};
/** Refusals whose words say it all: no field name after them. */
const PLAIN = new Set(AUTHORITY_REFUSALS);

/**
 * A staff or set-up change refused for who made it, or a staff change another
 * desk's overtook: the desk goes back to the hub's copy (see undone.ts). A hub
 * answer without its copy leaves the row to the other branches, as before.
 */
function wentBackToHub(ctx: CoreContext, row: QueuedChange, a: HubAnswer, now: number): boolean {
  if (!isUndoable(row.entityType) || !('hub' in a)) return false;
  const refused = a.outcome === 'refused' && AUTHORITY_REFUSALS.includes(a.reason ?? '');
  const overtaken = a.outcome === 'conflict' && a.kind === 'version' && row.entityType === 'staff';
  if (!refused && !overtaken) return false;
  const why = REFUSALS[a.reason ?? ''] ?? 'it did not pass the hub’s checks';
  return goBackToHub(ctx, row, refused ? 'refused' : 'overtaken', why, (a.hub as HubCopy | null) ?? null, now);
}

/** The hub's refusal in words for the attention list (field names, never values). */
function refusalText(a: HubAnswer): string {
  const why = REFUSALS[a.reason ?? ''] ?? 'it did not pass the hub’s checks';
  const field = a.field && !PLAIN.has(a.reason ?? '') ? ` (${a.field})` : '';
  return `The clinic hub refused this change: ${why}${field}.`;
}
