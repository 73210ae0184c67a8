import type { PoolClient } from 'pg';
import type { AppointmentSnapshot } from '../../src-shared/domain/booking';
import type { AppointmentsChanged, ClinicEntity } from '../../src-shared/domain/events';
import type { PatientId } from '../../src-shared/domain/ids';
import type { CoreContext } from '../core/context';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { applyRemoteAppointment, applyRemotePatient, hasLocalChange } from './apply-remote';
import { applyRemoteSetup } from './apply-setup';
import { readSyncState, writeSyncState } from './hub-settings';

/**
 * Applies other desks' changes from the hub's change log, in log order, in
 * one local transaction per page; the cursor moves in the same transaction,
 * so a crash re-applies nothing twice and skips nothing. This desk's own
 * changes are already here and are skipped; so is a change to an entity this
 * desk is still sending a change for (the hub decides between them and tells
 * this desk if it lost).
 *
 * Visits, patients and set-up changes (apply-setup.ts) are applied, so a
 * desk that joins with an empty clinic receives the whole clinic.
 */
export interface PullResult {
  applied: number;
  /** More changes wait at the hub. */
  more: boolean;
  /** One merged refresh event for the grid, or null when no visit changed. */
  changed: AppointmentsChanged | null;
  /** Patients created or changed (for an open patient panel to refresh). */
  patients: PatientId[];
  /** Set-up changed, by kind: the ids for `clinic/changed`. */
  setup: Map<ClinicEntity, string[]>;
  /** A change that could not be applied yet (e.g. its patient has not arrived); retried next time. */
  stuck: string | null;
}

interface LogRow {
  seq: string;
  desk_id: string;
  entity_type: string;
  entity_id: string;
  operation: string;
  payload: unknown;
  /** The hub's receipt time, epoch ms. */
  received_at: string;
}

export const PULL_PAGE = 2_000;

export function cursorKey(hubId: string): string {
  return `pullCursor:${hubId}`;
}

export async function pullPage(
  ctx: CoreContext,
  client: PoolClient,
  deskId: string,
  hubId: string,
  opts: { limit?: number; live?: () => boolean } = {},
): Promise<PullResult> {
  const limit = opts.limit ?? PULL_PAGE;
  const from = Number(readSyncState(ctx.db, cursorKey(hubId)) ?? '0');
  const { rows } = await client.query<LogRow>(
    `SELECT seq, desk_id, entity_type, entity_id, operation, payload, (extract(epoch FROM received_at) * 1000)::bigint AS received_at
       FROM hub_changes WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [from, limit],
  );
  const result: PullResult = { applied: 0, more: rows.length === limit, changed: null, patients: [], setup: new Map(), stuck: null };
  // Nothing new, or stopped meanwhile (the app is closing): the cursor stays where it is.
  if (rows.length === 0 || (opts.live && !opts.live())) return { ...result, more: false };
  const now = ctx.clock.now();
  const events: AppointmentsChanged[] = [];
  inWriteTransaction(ctx.db, () => {
    let cursor = from;
    const origin = prepared(ctx.db, `INSERT OR IGNORE INTO hub_visit_origins (appointment_id, desk_id, reached_hub_at) VALUES (?, ?, ?)`);
    for (const row of rows) {
      // Which desk a visit came from and when it reached the hub (shown in conflicts), own visits included.
      if (row.entity_type === 'appointment') origin.run(row.entity_id, row.desk_id, Number(row.received_at));
      if (row.desk_id !== deskId && !hasLocalChange(ctx.db, row.entity_type, row.entity_id)) {
        try {
          if (row.entity_type === 'appointment') {
            events.push(applyRemoteAppointment(ctx.db, row.payload as AppointmentSnapshot, now));
            result.applied++;
          } else if (row.entity_type === 'patient') {
            result.patients.push(applyRemotePatient(ctx.db, row.operation, row.payload));
            result.applied++;
          } else {
            const entity = applyRemoteSetup(ctx.db, row.entity_type, row.operation, row.payload, now);
            if (entity) {
              result.applied++;
              result.setup.set(entity, [...(result.setup.get(entity) ?? []), row.entity_id]);
            }
          }
        } catch (e) {
          // A statement error leaves the transaction usable: keep what applied, stop before this one.
          result.stuck = `${row.entity_type} ${row.operation}: ${(e as Error).message}`;
          result.more = false;
          break;
        }
      }
      cursor = Number(row.seq);
    }
    writeSyncState(ctx.db, cursorKey(hubId), String(cursor));
  });
  result.changed = mergeEvents(events);
  return result;
}

function mergeEvents(events: readonly AppointmentsChanged[]): AppointmentsChanged | null {
  if (events.length === 0) return null;
  if (events.length === 1) return events[0]!;
  const union = <T>(pick: (e: AppointmentsChanged) => readonly T[]): T[] => [...new Set(events.flatMap(pick))];
  return {
    ...events[0]!,
    operation: 'sync.pull',
    appointmentIds: union((e) => e.appointmentIds),
    providerIds: union((e) => e.providerIds),
    locationIds: union((e) => e.locationIds),
    dates: union((e) => e.dates),
  };
}
