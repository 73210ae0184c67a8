import type { PoolClient } from 'pg';
import type { AppointmentsChanged, ClinicEntity } from '../../src-shared/domain/events';
import type { PatientId } from '../../src-shared/domain/ids';
import { parsePulledChange, type PulledChange } from '../../src-shared/schemas/hub-changes';
import type { CoreContext } from '../core/context';
import { prepared } from '../core/db/prepared';
import type { WriteDb } from '../core/db/open';
import { inWriteTransaction } from '../core/db/transaction';
import { applyRemoteAppointment, applyRemotePatient, hasLocalChange } from './apply-remote';
import { applyRemoteSetup } from './apply-setup';
import { applyRemoteStaff } from '../core/staff';
import { applyRemoteEntry } from '../core/waitlist';
import { applyRemoteSeries } from '../core/series';
import type { OpenedTime, WaitlistEntryId } from '../../src-shared/domain/waitlist';
import { patientVisitsEvent } from '../core/patients/merge';
import { readSyncState, writeSyncState } from './hub-settings';
import { quarantineChange } from './quarantine';

/**
 * Applies other desks' changes from the hub's change log
 * (`frontdesk_api.pull`), in log order, in one local transaction per page;
 * the cursor moves in the same transaction, so a crash re-applies nothing
 * twice and skips nothing. This desk's own changes (the hub says which) are
 * already here and are skipped; so is a change to an entity this desk is
 * still sending a change for (the hub decides between them and tells this
 * desk if it lost).
 *
 * Every change is parsed with the shared schemas before it is applied, and
 * applied in its own savepoint: a malformed or forged change, or one that
 * breaks a rule of this desk's database, is quarantined with the reason
 * (Sync › needs attention) and the pull goes on with the next. Only a failure
 * of this desk itself (disk, lock) stops the page, to be retried.
 */
export interface PullResult {
  applied: number;
  /** Changes quarantined on this page. */
  quarantined: number;
  /** More changes wait at the hub. */
  more: boolean;
  /** One merged refresh event for the grid, or null when no visit changed. */
  changed: AppointmentsChanged | null;
  /** Patients created or changed (for an open patient panel to refresh). */
  patients: PatientId[];
  /** Staff accounts changed at other desks (the session and the staff list follow). */
  staff: string[];
  /** Waitlist entries created or changed at other desks (for `waitlist/changed`). */
  waitlist: WaitlistEntryId[];
  /** Set-up changed, by kind: the ids for `clinic/changed`. */
  setup: Map<ClinicEntity, string[]>;
  /** Providers' time that pulled blockout removals or shortenings gave back (for the waitlist). */
  setupReleased: OpenedTime[];
  /** A change this desk could not apply for a reason of its own; retried next time. */
  stuck: string | null;
}

interface LogRow {
  seq: string;
  own: boolean;
  /** The desk that authored the change (the hub's own record, never what a desk claimed). */
  desk_id: string;
  entity_type: string;
  entity_id: string;
  operation: string;
  payload: unknown;
  /** The hub's receipt time, epoch ms. */
  received_at: string;
}

const PULL_PAGE = 2_000;

/**
 * Set when this database was restored from a backup or rebuilt: the hub holds changes this
 * desk sent after that point, which the pull must apply though they are the desk's own.
 */
export const OWN_CHANGES_MISSING_KEY = 'ownChangesMissing';

function cursorKey(hubId: string): string {
  return `pullCursor:${hubId}`;
}

/** A local rule the change breaks (a reference, a check): the change is at fault, not this desk. */
function brokeLocalRule(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'NOT_FOUND' || code === 'VALIDATION');
}

export async function pullPage(
  ctx: CoreContext,
  client: PoolClient,
  hubId: string,
  opts: { limit?: number; live?: () => boolean } = {},
): Promise<PullResult> {
  const limit = opts.limit ?? PULL_PAGE;
  const from = Number(readSyncState(ctx.db, cursorKey(hubId)) ?? '0');
  const { rows } = await client.query<LogRow>(
    `SELECT seq, own, desk_id, received_at, entity_type, entity_id, operation, payload FROM frontdesk_api.pull($1, $2)`,
    [from, limit],
  );
  const result: PullResult = { applied: 0, quarantined: 0, more: rows.length === limit, changed: null, patients: [], staff: [], waitlist: [], setup: new Map(), setupReleased: [], stuck: null };
  // Nothing new, or stopped meanwhile (the app is closing): the cursor stays where it is.
  if (rows.length === 0 || (opts.live && !opts.live())) return { ...result, more: false };
  const now = ctx.clock.now();
  // After a restore or rebuild this database lacks some of what this desk itself sent: apply those too until caught up.
  const ownChangesMissing = readSyncState(ctx.db, OWN_CHANGES_MISSING_KEY) === '1';
  const events: AppointmentsChanged[] = [];
  inWriteTransaction(ctx.db, () => {
    let cursor = from;
    const origin = prepared(ctx.db, `INSERT OR IGNORE INTO hub_visit_origins (appointment_id, desk_id, reached_hub_at) VALUES (?, ?, ?)`);
    for (const row of rows) {
      // Which desk a visit came from and when it reached the hub (shown in conflicts), own visits included.
      // The hub names desks by their enrollment; this desk's own visits are recorded under its own id, which the conflict view recognises.
      if (row.entity_type === 'appointment') origin.run(row.entity_id, row.own ? ctx.actor.device : row.desk_id, Number(row.received_at));
      if ((!row.own || ownChangesMissing) && !hasLocalChange(ctx.db, row.entity_type, row.entity_id)) {
        const parsed = parsePulledChange(row.entity_type, row.operation, row.entity_id, row.payload);
        const quarantine = (reason: string) => {
          quarantineChange(ctx.db, { hubId, seq: Number(row.seq), entityType: row.entity_type, entityId: row.entity_id, operation: row.operation, payload: row.payload }, reason, now);
          result.quarantined++;
        };
        if (!parsed.ok) quarantine(parsed.reason);
        else {
          try {
            inWriteTransaction(ctx.db, () => apply(ctx.db, parsed.change, now, result, events, row.entity_id));
            result.applied++;
          } catch (e) {
            if (brokeLocalRule(e)) quarantine(`It does not fit this desk’s records (${String((e as { code?: unknown }).code)}).`);
            else {
              // This desk's own trouble: keep what applied, stop before this one, retry later.
              result.stuck = `${row.entity_type} ${row.operation}: ${(e as Error).message}`;
              result.more = false;
              break;
            }
          }
        }
      }
      cursor = Number(row.seq);
    }
    writeSyncState(ctx.db, cursorKey(hubId), String(cursor));
    if (ownChangesMissing && !result.more) writeSyncState(ctx.db, OWN_CHANGES_MISSING_KEY, null);
  });
  result.changed = mergeEvents(events);
  return result;
}

function apply(db: WriteDb, change: PulledChange, now: number, result: PullResult, events: AppointmentsChanged[], entityId: string): void {
  if (change.entity === 'appointment') events.push(applyRemoteAppointment(db, change.record, now));
  else if (change.entity === 'patient') {
    const merge = change.merge ? { kind: change.merge, moved: change.moved ?? {}, survivorId: change.survivorId ?? null } : undefined;
    const ids = applyRemotePatient(db, change.record, merge, now);
    result.patients.push(...ids);
    // Visits that changed hands redraw with their new patient's name.
    const visits = merge ? patientVisitsEvent(db, ids) : null;
    if (visits) events.push(visits);
  }
  // People, not set-up: no clinic/changed (the lock screen rereads its names when it is shown).
  else if (change.entity === 'staff') {
    if (applyRemoteStaff(db, change.record)) result.staff.push(change.record.id);
  }
  else if (change.entity === 'waitlist_entry') {
    if (applyRemoteEntry(db, change.record)) result.waitlist.push(change.record.id);
  } else if (change.entity === 'appointment_series') applyRemoteSeries(db, change.record);
  else {
    const { entity, released } = applyRemoteSetup(db, change, now);
    result.setup.set(entity, [...(result.setup.get(entity) ?? []), entityId]);
    result.setupReleased.push(...released);
  }
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
    // Every visit's given-back time, or a cancellation pulled with other changes would reach no waitlist.
    ...(events.some((e) => e.released) ? { released: events.flatMap((e) => e.released ?? []) } : {}),
  };
}
