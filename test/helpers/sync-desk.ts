import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDeviceId } from '../../src-main/core/clinic';
import { loadPatientRow } from '../../src-main/core/patients/write';
import { toPatient } from '../../src-main/core/patients/rows';
import type { PatientId } from '../../src-shared/domain/ids';
import { enqueueOutbox } from '../../src-main/core/outbox';
import type { CoreContext } from '../../src-main/core/context';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import type { Clock } from '../../src-main/platform/clock';
import { createLogger } from '../../src-main/platform/logger';
import { SyncEngine, type SyncEngineOptions } from '../../src-main/sync/engine';
import { writeHubConnection } from '../../src-main/sync/hub-settings';
import { buildClinic, NOW, type ClinicFixture } from './clinic-fixture';
import { createEventBus } from '../../src-main/core/events';

/**
 * Front-desk workstations for sync tests: each its own SQLite file, cloned
 * from one clinic (same providers, types and patients, as desks of one clinic
 * have), each with its own device id and sync engine.
 */

/** Real time, starting at the fixture's "now" (backoff waits must pass). */
export function runningClock(start = NOW): Clock {
  const t0 = Date.now();
  return { now: () => start + (Date.now() - t0) };
}

/** Builds the fixture clinic into `dir/template.sqlite` and returns it closed; ids for the tests. */
export function buildTemplate(dir: string): { file: string; fixture: Omit<ClinicFixture, 'ctx'> } {
  const file = join(dir, 'template.sqlite');
  const db = openDatabase(file);
  const { ctx: _ctx, ...fixture } = buildClinic(db, { openAllDay: true });
  // The fixture's set-up rows are clinic history, not this desk's news for the hub.
  db.prepare(`UPDATE outbox SET state = 'delivered'`).run();
  db.prepare(`DELETE FROM settings WHERE key = 'deviceId'`).run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file, fixture };
}

/** A copy of the template clinic as another desk's database file. */
export function cloneDesk(template: string, dir: string, name: string): string {
  const file = join(dir, `${name}.sqlite`);
  copyFileSync(template, file);
  return file;
}

export interface Desk {
  db: WriteDb;
  ctx: CoreContext;
  engine: SyncEngine;
  close(): Promise<void>;
}

export interface DeskOptions {
  clock?: Clock;
  pollMs?: number;
  batchSize?: number;
  random?: () => number;
  onPatientsChanged?: (ids: string[]) => void;
  /** Told after anything the desk's sync status shows may have changed. */
  onStatusChanged?: () => void;
  /** Receives the engine's log lines (JSON); dropped otherwise. */
  log?: (line: string) => void;
  timeouts?: SyncEngineOptions['timeouts'];
}

export function openDesk(file: string, hubUrl: string | null, opts: DeskOptions = {}): Desk {
  const db = openDatabase(file, { busyTimeoutMs: 10_000 });
  if (hubUrl) writeHubConnection(db, { url: hubUrl, tls: 'disable', ca: null });
  const ctx: CoreContext = { db, clock: opts.clock ?? runningClock(), actor: { user: 'desk', device: ensureDeviceId(db) }, events: createEventBus() };
  const engine = new SyncEngine({
    core: () => ctx,
    logger: createLogger({ write: opts.log ?? (() => undefined) }),
    onStatusChanged: opts.onStatusChanged ?? (() => undefined),
    pollMs: opts.pollMs ?? 250,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.onPatientsChanged ? { onPatientsChanged: opts.onPatientsChanged } : {}),
    ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
  });
  return {
    db,
    ctx,
    engine,
    async close() {
      await engine.stop();
      if (db.open) db.close();
    },
  };
}

/** A copy of the template clinic whose set-up and patients wait in its outbox, as on a clinic's first desk. */
export function seedDesk(template: string, dir: string, hubUrl: string | null): Desk {
  const file = cloneDesk(template, dir, `seed-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  const seed = openDesk(file, hubUrl);
  seed.db.prepare(`UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0`).run();
  // The fixture writes its patients directly: send them as the desk that registered them would.
  const unsent = seed.db.prepare(`SELECT id FROM patients WHERE id NOT IN (SELECT entity_id FROM outbox WHERE entity_type = 'patient')`).pluck().all() as PatientId[];
  for (const id of unsent) {
    enqueueOutbox(seed.db, seed.ctx.clock.now(), { entityType: 'patient', entityId: id, operation: 'patient.create', payload: toPatient(loadPatientRow(seed.db, id)) });
  }
  return seed;
}

/**
 * Sends the template clinic's set-up and patients to a new hub, as the
 * clinic's first desk does, so the hub knows what the desks' visits refer to.
 */
export async function seedHub(template: string, dir: string, hubUrl: string): Promise<void> {
  const seed = seedDesk(template, dir, hubUrl);
  try {
    seed.engine.start();
    await drain(seed);
    const stuck = seed.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state <> 'delivered'`).pluck().get() as number;
    if (stuck > 0) throw new Error(`${stuck} set-up changes were not taken by the hub: ${JSON.stringify(seed.db.prepare(`SELECT operation, last_error FROM outbox WHERE state <> 'delivered'`).all())}`);
  } finally {
    await seed.close();
  }
}

/** Runs sync cycles until nothing waits to be sent (or the time is up). */
export async function drain(desk: Desk, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await desk.engine.cycle(2_000);
    const waiting = desk.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'pending'`).pluck().get() as number;
    if (waiting === 0) return;
    if (Date.now() > until) {
      const why = desk.db.prepare(`SELECT operation, attempts, last_error FROM outbox WHERE state = 'pending'`).all();
      throw new Error(`${waiting} changes still waiting after ${timeoutMs} ms: ${JSON.stringify(why)}`);
    }
  }
}
