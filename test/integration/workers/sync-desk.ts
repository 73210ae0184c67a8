/**
 * One front-desk workstation in the three-desk sync tests: its own process,
 * its own SQLite file, its own sync engine, talking to the parent over IPC.
 * Commands: book, book-many, start, stop-sync, drain, state, digest, identity, open, exit.
 * Unasked, it tells the parent `{ changed: true }` when its sync status or its schedule changed.
 */
import { createHash } from 'node:crypto';
import { book } from '@main/core/booking';
import { listConflicts } from '@main/sync/conflict-view';
import { readSyncStatus } from '@main/sync/status';
import { isAppError } from '@shared/domain/errors';
import { drain, openDesk, runningClock, type Desk } from '../../helpers/sync-desk';

export interface DeskSetup {
  file: string;
  hubUrl: string;
  /** The clinic clock's start (the fixture's "now"); it then runs in real time. */
  start: number;
  batchSize?: number;
  /** Start without opening the database until told to ('open'): a desk restarted without the wait for a new process. */
  standby?: boolean;
}

export interface Visit {
  patientId: string;
  providerId: string;
  locationId: string;
  typeId: string;
  startAt: number;
}

export type DeskCommand =
  | { id: number; cmd: 'book'; visit: Visit; confirm: boolean }
  | { id: number; cmd: 'book-many'; visits: Visit[] }
  | { id: number; cmd: 'start' }
  | { id: number; cmd: 'stop-sync' }
  | { id: number; cmd: 'drain'; timeoutMs: number }
  | { id: number; cmd: 'state' }
  | { id: number; cmd: 'digest' }
  | { id: number; cmd: 'identity' }
  | { id: number; cmd: 'open' }
  | { id: number; cmd: 'exit' };

export interface DeskState {
  status: ReturnType<typeof readSyncStatus>;
  conflicts: Array<{ appointmentId: string; kind: string; competingStartAt: number | null; text: string }>;
  appointments: Array<{ id: string; providerId: string; startAt: number; endAt: number; status: string }>;
}

/**
 * A cheap summary for polling until desks converge: the schedule as the hub
 * has it (every visit but this desk's unsettled conflicts), as
 * `id:start:status:version` lines in id order, hashed the same way as
 * `scheduleDigest` in test/helpers/recovery-scenario.ts hashes the hub's.
 */
export interface DeskDigest {
  online: boolean;
  pending: number;
  needsAttention: number;
  conflicts: string[];
  schedule: string;
}

const setup = JSON.parse(process.env.DESK_SETUP ?? '{}') as DeskSetup;
const changed = (): void => void process.send?.({ changed: true });
const open = (): Desk => {
  const d = openDesk(setup.file, setup.hubUrl, {
    clock: runningClock(setup.start),
    pollMs: 200,
    onStatusChanged: changed,
    ...(setup.batchSize ? { batchSize: setup.batchSize } : {}),
  });
  d.ctx.events.on('appointments/changed', changed);
  return d;
};
let opened: Desk | null = setup.standby ? null : open();
function desk(): Desk {
  if (!opened) throw new Error('this desk is on standby: send open first');
  return opened;
}

async function run(c: DeskCommand): Promise<unknown> {
  switch (c.cmd) {
    case 'book': {
      try {
        const a = book(desk().ctx, c.visit);
        if (c.confirm) await desk().engine.confirmUpstream([a.id], 10_000);
        return { ok: true, id: a.id };
      } catch (e) {
        return { ok: false, code: isAppError(e) ? e.code : `UNEXPECTED ${String(e)}` };
      }
    }
    case 'book-many': {
      const ids: string[] = [];
      for (const v of c.visits) ids.push(book(desk().ctx, v).id);
      return ids;
    }
    case 'start':
      desk().engine.start();
      return null;
    case 'stop-sync':
      await desk().engine.stop();
      return null;
    case 'drain':
      await drain(desk(), c.timeoutMs);
      await desk().engine.cycle(5_000); // and pull what the others sent meanwhile
      return null;
    case 'state': {
      const state: DeskState = {
        status: readSyncStatus(desk().db),
        conflicts: listConflicts(desk().ctx).map((x) => ({
          appointmentId: x.appointmentId,
          kind: x.kind,
          competingStartAt: x.clashes[0]?.startAt ?? null,
          text: JSON.stringify(x),
        })),
        appointments: desk().db
          .prepare(`SELECT id, provider_id AS providerId, start_at AS startAt, end_at AS endAt, status FROM appointments ORDER BY start_at, id`)
          .all() as DeskState['appointments'],
      };
      return state;
    }
    case 'digest': {
      const status = readSyncStatus(desk().db);
      const lines = desk().db
        .prepare(
          `SELECT id || ':' || start_at || ':' || status || ':' || version FROM appointments a
            WHERE NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.appointment_id = a.id AND c.resolved_at IS NULL)
            ORDER BY id`,
        )
        .pluck()
        .all() as string[];
      const digest: DeskDigest = {
        online: status.online,
        pending: status.pending,
        needsAttention: status.needsAttention,
        conflicts: desk().db.prepare(`SELECT appointment_id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY appointment_id`).pluck().all() as string[],
        schedule: createHash('sha1').update(lines.join('\n')).digest('hex'),
      };
      return digest;
    }
    case 'identity':
      return { device: desk().ctx.actor.device };
    case 'open':
      opened ??= open();
      return null;
    case 'exit':
      await desk().close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (c: DeskCommand) => {
  void run(c).then(
    (result) => process.send!({ id: c.id, result }),
    (e: unknown) => process.send!({ id: c.id, error: String(e) }),
  );
});
process.send!({ ready: true });
