import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentDto } from '@shared/domain/booking';
import { book, cancel, reschedule } from '@main/core/booking';
import { listConflicts } from '@main/sync/conflict-view';
import { pushBatch } from '@main/sync/pusher';
import { listAttention, nextBatch } from '@main/sync/queue';
import { readSyncStatus } from '@main/sync/status';
import { localInstant, NOW } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk } from '../../helpers/sync-desk';

/**
 * The order a desk made its changes in is the order the hub applies them,
 * across visits: a desk that cancels or moves visit X and then books or
 * moves visit Y into X's time while away from the hub gets both through, not
 * a false double booking. On a real PostgreSQL hub, each desk under its own
 * enrolled role: re-delivery after a crash between the hub's commit and the
 * desk's record applies once, a change that keeps failing holds the later
 * ones only until it is set aside for a person, and another desk's change
 * that lands in between is a real conflict shown as one.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];
const pools: pg.Pool[] = [];
let n = 0;

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-push-order-'));
  template = buildTemplate(dir);
}, 60_000);

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const p of pools.splice(0)) await p.end();
});

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const f = () => template.fixture;
const DAY = '2025-03-04';

/** A clock the test moves by hand (backoff waits pass when it says so). */
function handClock() {
  let t = NOW;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

async function clinic(opts: Parameters<typeof openDesk>[2] = {}) {
  const hub = await pgServer.createHub(`order${++n}`);
  await seedHub(template.file, dir, await hub.enroll('Seed desk'));
  const desk = async (name: string, deskOpts = opts) => {
    const url = await hub.enroll(name);
    const d = openDesk(cloneDesk(template.file, dir, `${name}${n}`), url, deskOpts);
    open.push(d);
    return { d, url };
  };
  return { hub, desk };
}

function visitAt(d: Desk, time: string, patient: 'ann' | 'bob' | 'cyd' = 'ann'): AppointmentDto {
  return book(d.ctx, {
    patientId: f().patients[patient],
    providerId: f().providers.smith.id,
    locationId: f().main.id,
    typeId: f().types.checkup.id,
    startAt: localInstant(DAY, time),
  });
}

/** The hub's live visits, by id. */
async function hubLive(hub: TestHub): Promise<Array<{ id: string; start_at: string }>> {
  return hubQuery(hub.superUrl, `SELECT id, start_at::text FROM frontdesk.hub_appointments WHERE status NOT IN ('cancelled', 'no_show') ORDER BY start_at, id`);
}

async function overlaps(hub: TestHub): Promise<number> {
  const [row] = await hubQuery<{ n: number }>(
    hub.superUrl,
    `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments x JOIN frontdesk.hub_appointments y
       ON x.id < y.id AND x.busy && y.busy AND x.status NOT IN ('cancelled', 'no_show') AND y.status NOT IN ('cancelled', 'no_show')
      AND (x.provider_id = y.provider_id OR x.room_id = y.room_id)`,
  );
  return row!.n;
}

/** A connection of the desk's own role, for pushing by hand. */
async function deskClient(url: string): Promise<pg.PoolClient> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pools.push(pool);
  return pool.connect();
}

const state = (d: Desk, id: string) =>
  d.db.prepare(`SELECT state, attempts FROM outbox WHERE entity_id = ? ORDER BY seq`).all(id) as Array<{ state: string; attempts: number }>;

describe('the hub applies a desk’s changes in the order the desk made them', () => {
  it('a visit booked and cancelled while away, and another booked into its time: both go through, no false conflict', async () => {
    const { hub, desk } = await clinic();
    const { d: a } = await desk('a');
    const { d: b } = await desk('b');
    const x = visitAt(a, '10:00', 'ann');
    cancel(a.ctx, { id: x.id, reason: 'Patient called' });
    const y = visitAt(a, '10:00', 'bob');
    a.engine.start();
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 0, conflicts: 0, needsAttention: 0 });
    expect(await hubLive(hub)).toEqual([{ id: y.id, start_at: String(y.startAt) }]);
    // The other desk sees the clinic as this desk left it.
    b.engine.start();
    await b.engine.cycle(5_000);
    expect(b.db.prepare(`SELECT id, status FROM appointments ORDER BY id`).all()).toEqual(
      [
        { id: x.id, status: 'cancelled' },
        { id: y.id, status: 'booked' },
      ].sort((p, q) => p.id.localeCompare(q.id)),
    );
  });

  it('the mirror case: X moved away, then Y moved into X’s old time, X never having reached the hub', async () => {
    const { hub, desk } = await clinic();
    const { d: a } = await desk('a');
    const y = visitAt(a, '12:00', 'bob');
    a.engine.start();
    await drain(a);
    await a.engine.stop(); // away from the hub
    const x = visitAt(a, '10:00', 'ann');
    reschedule(a.ctx, { id: x.id, startAt: localInstant(DAY, '15:00') });
    reschedule(a.ctx, { id: y.id, startAt: localInstant(DAY, '10:00') });
    reschedule(a.ctx, { id: x.id, startAt: localInstant(DAY, '12:00') });
    a.engine.start();
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 0, conflicts: 0, needsAttention: 0 });
    expect(await hubLive(hub)).toEqual([
      { id: y.id, start_at: String(localInstant(DAY, '10:00')) },
      { id: x.id, start_at: String(localInstant(DAY, '12:00')) },
    ]);
  });

  it('re-delivery after the desk died between the hub’s commit and its own record applies each change once', async () => {
    const { hub, desk } = await clinic();
    const { d: a, url } = await desk('a');
    const x = visitAt(a, '10:00', 'ann');
    cancel(a.ctx, { id: x.id, reason: 'Patient called' });
    const y = visitAt(a, '10:00', 'bob');
    const client = await deskClient(url);
    const rows = nextBatch(a.db, a.ctx.clock.now(), 100);
    expect(rows.map((r) => r.entityId)).toEqual([x.id, x.id, y.id]);
    // The hub commits; the desk stops before writing down the answers.
    await pushBatch(a.ctx, client, rows, { live: () => false });
    expect(nextBatch(a.db, a.ctx.clock.now(), 100).map((r) => r.seq)).toEqual(rows.map((r) => r.seq));
    const again = await pushBatch(a.ctx, client, nextBatch(a.db, a.ctx.clock.now(), 100));
    expect(again).toMatchObject({ delivered: 3, conflicts: [], failed: 0, attention: 0 });
    client.release();
    const logged = await hubQuery<{ n: number }>(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE entity_id = ANY ($1)`, [[x.id, y.id]]);
    expect(logged).toEqual([{ n: 3 }]);
    expect(await hubLive(hub)).toEqual([{ id: y.id, start_at: String(y.startAt) }]);
  });

  it('a change that keeps failing at the hub holds the later ones until it is set aside; then they flow, and what relied on it is a conflict', async () => {
    const clock = handClock();
    const { hub, desk } = await clinic({ clock, random: () => 0.5 });
    const { d: a, url } = await desk('a');
    const x = visitAt(a, '10:00', 'ann');
    a.engine.start();
    await drain(a);
    await a.engine.stop();
    // A fault at the hub for this one visit: every attempt to change it fails (not a refusal: it may pass).
    const sup = new pg.Client({ connectionString: hub.superUrl });
    await sup.connect();
    await sup.query(`CREATE FUNCTION frontdesk.test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = '${x.id}' THEN RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $$`);
    await sup.query(`CREATE TRIGGER test_fault BEFORE UPDATE ON frontdesk.hub_appointments FOR EACH ROW EXECUTE FUNCTION frontdesk.test_fault()`);
    await sup.end();

    cancel(a.ctx, { id: x.id, reason: 'Patient called' });
    const y = visitAt(a, '10:00', 'bob'); // relies on X's cancel
    const z = book(a.ctx, {
      patientId: f().patients.cyd,
      providerId: f().providers.jones.id,
      locationId: f().main.id,
      typeId: f().types.checkup.id,
      startAt: localInstant(DAY, '16:00'),
    });
    const client = await deskClient(url);
    const first = await pushBatch(a.ctx, client, nextBatch(a.db, clock.now(), 100), { random: () => 0.5 });
    expect(first).toMatchObject({ delivered: 0, failed: 1 });
    // The failed cancel waits out its backoff; the two after it were not applied and are not overtaking it.
    expect(state(a, y.id)).toEqual([{ state: 'pending', attempts: 0 }]);
    expect(state(a, z.id)).toEqual([{ state: 'pending', attempts: 0 }]);
    expect(nextBatch(a.db, clock.now(), 100)).toEqual([]);
    for (let i = 2; i <= 5; i++) {
      clock.advance(10 * 60_000);
      const rows = nextBatch(a.db, clock.now(), 100);
      expect(rows[0]!.entityId).toBe(x.id);
      const r = await pushBatch(a.ctx, client, rows, { random: () => 0.5 });
      expect(r.delivered).toBe(0);
    }
    // Set aside for a person after MAX_ATTEMPTS: the others flow now.
    expect(listAttention(a.db).map((r) => [r.entityId, r.operation])).toEqual([[x.id, 'appointment.cancel']]);
    const rest = await pushBatch(a.ctx, client, nextBatch(a.db, clock.now(), 100));
    client.release();
    expect(rest).toMatchObject({ delivered: 1, conflicts: [y.id] });
    expect(listConflicts(a.ctx)).toMatchObject([{ appointmentId: y.id, kind: 'overlap' }]);
    expect((await hubLive(hub)).map((v) => v.id).sort()).toEqual([x.id, z.id].sort());
    expect(await overlaps(hub)).toBe(0);
  });

  it('another desk’s change landing between two of this desk’s is a real conflict, shown at the desk that lost', async () => {
    const { hub, desk } = await clinic();
    const { d: a, url: aUrl } = await desk('a');
    const { d: b, url: bUrl } = await desk('b');
    const x = visitAt(a, '10:00', 'ann');
    a.engine.start();
    await drain(a);
    await a.engine.stop();
    // Away from the hub, A cancels X and books Y into its time; B, which never heard of X, books Z there.
    cancel(a.ctx, { id: x.id, reason: 'Patient called' });
    const y = visitAt(a, '10:00', 'bob');
    const z = visitAt(b, '10:00', 'cyd');
    const [ac, bc] = [await deskClient(aUrl), await deskClient(bUrl)];
    // One change at a time, A's cancel, then B's booking, then A's.
    await pushBatch(a.ctx, ac, nextBatch(a.db, a.ctx.clock.now(), 1));
    expect(await pushBatch(b.ctx, bc, nextBatch(b.db, b.ctx.clock.now(), 100))).toMatchObject({ delivered: 1 });
    expect(await pushBatch(a.ctx, ac, nextBatch(a.db, a.ctx.clock.now(), 100))).toMatchObject({ delivered: 0, conflicts: [y.id] });
    ac.release();
    bc.release();
    a.engine.start(); // pulls Z, which the conflict is shown against
    await a.engine.cycle(5_000);
    const [conflict] = listConflicts(a.ctx);
    expect(conflict).toMatchObject({ appointmentId: y.id, kind: 'overlap', clashes: [{ startAt: z.startAt, desk: { thisDesk: false } }] });
    expect(await hubLive(hub)).toEqual([{ id: z.id, start_at: String(z.startAt) }]);
    expect(await overlaps(hub)).toBe(0);
  });
});
