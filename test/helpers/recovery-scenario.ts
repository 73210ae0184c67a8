import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DeskDigest, Visit } from '../integration/workers/sync-desk';
import { localInstant, NOW } from './clinic-fixture';
import { startDeskProcess, type DeskProcess } from './desk-process';
import { hubQuery } from './hub-query';
import type { TestPostgres } from './postgres';
import { cloneDesk, seedHub, type buildTemplate } from './sync-desk';

/**
 * A clinic coming back from a hub outage, as three real desk processes on a
 * real PostgreSQL: each desk books online, the hub server stops, each desk
 * books `perDesk` visits offline of which `colliding` take times another desk
 * also booked, then the hub server starts again (optionally one desk is
 * killed with SIGKILL while it sends its backlog, and started again on its
 * file). Measures the seconds from the hub accepting connections again to
 * every desk holding the hub's schedule with nothing left to send.
 *
 * Checked before it reports: no overlaps at the hub, every visit that did not
 * collide is at the hub exactly once, each collision left exactly one
 * conflict, on a desk that lost it.
 */
export interface RecoveryOptions {
  pg: TestPostgres;
  dir: string;
  template: ReturnType<typeof buildTemplate>;
  name: string;
  perDesk: number;
  colliding: number;
  /**
   * SIGKILL the first desk while it sends its backlog (once its first rows are
   * at the hub), and start it again on its file — in a process spawned
   * beforehand, so the measurement is sync's, not a process start's.
   */
  killOneMidDrain: boolean;
  /** Give up after this long (a failure, not a measurement). */
  timeoutMs: number;
  /** Instead of stopping the hub, stop the desks' sync and start it again (the same work without noticing the hub). */
  baseline?: boolean;
}

export interface RecoveryReport {
  seconds: number;
  conflicts: number;
  hubVisits: number;
  killed: boolean;
}

const DESKS = 3;
const HALF_HOUR = 30 * 60_000;

/** The hub's schedule in the desks' digest form (test/integration/workers/sync-desk.ts). */
function scheduleDigest(rows: ReadonlyArray<{ line: string }>): string {
  return createHash('sha1')
    .update(rows.map((r) => r.line).join('\n'))
    .digest('hex');
}

export async function runRecovery(o: RecoveryOptions): Promise<RecoveryReport> {
  const f = o.template.fixture;
  // A hub with the clinic's set-up on it, and each desk enrolled under its own login role.
  const hub = await o.pg.createHub(o.name);
  await seedHub(o.template.file, o.dir, await hub.enroll('Seed desk'));
  // The superuser only looks at the hub; the desks use their own roles.
  const inspectUrl = hub.superUrl;
  const files = Array.from({ length: DESKS }, (_, i) => cloneDesk(o.template.file, o.dir, `${o.name}-${i}`));
  const deskUrls: string[] = [];
  for (let i = 0; i < DESKS; i++) deskUrls.push(await hub.enroll(`Desk ${i + 1}`));
  const desks: DeskProcess[] = [];
  let standby: DeskProcess | null = null;
  const wake = new Wakeups();
  let hubListener: pg.Client | null = null;
  const watched = (d: DeskProcess): DeskProcess => {
    d.onChange(() => wake.bump());
    return d;
  };
  const visit = (n: number, day: string, patient: 'ann' | 'bob' | 'cyd'): Visit => ({
    patientId: f.patients[patient],
    providerId: n % 2 === 0 ? f.providers.smith.id : f.providers.jones.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant(day, '00:00') + Math.floor(n / 2) * HALF_HOUR,
  });
  // Each desk's own visits fill whole days (96 a day for two providers), desk after desk.
  const ownDays = Math.ceil((o.perDesk - o.colliding) / 96);
  const own = (desk: number): Visit[] =>
    Array.from({ length: o.perDesk - o.colliding }, (_, k) => {
      const day = 10 + desk * ownDays + Math.floor(k / 96);
      return visit(k % 96, `2025-03-${String(day).padStart(2, '0')}`, (['ann', 'bob', 'cyd'] as const)[desk]!);
    });
  // … and `colliding` more at the first times of the next desk's own visits.
  const contested = (desk: number): Visit[] =>
    own((desk + 1) % DESKS)
      .slice(0, o.colliding)
      .map((v) => ({ ...v, patientId: f.patients[(['ann', 'bob', 'cyd'] as const)[desk]!] }));

  try {
    for (const [i, file] of files.entries()) desks.push(watched(await startDeskProcess({ file, hubUrl: deskUrls[i]!, start: NOW })));
    await Promise.all(desks.map((d) => d.send({ cmd: 'start' })));
    // Online first: 20 visits each, on a day of their own.
    await Promise.all(
      desks.map((d, i) => d.send({ cmd: 'book-many', visits: Array.from({ length: 20 }, (_, n) => visit(n, `2025-03-${25 + i}`, 'ann')) })),
    );
    await Promise.all(desks.map((d) => d.send({ cmd: 'drain', timeoutMs: 20_000 })));
    // The first desk as the hub knows it (its enrolled role), read while the hub is up.
    const [victim] = await hubQuery<{ desk_id: string }>(inspectUrl, `SELECT desk_id FROM frontdesk.hub_desks WHERE name = 'Desk 1'`);
    const logged = Number((await hubQuery<{ n: string }>(inspectUrl, `SELECT COUNT(*) AS n FROM frontdesk.hub_changes`))[0]!.n);

    if (o.baseline) await Promise.all(desks.map((d) => d.send({ cmd: 'stop-sync' })));
    else {
      o.pg.pause();
      await waitFor(wake, async () => (await digests(desks)).every((g) => !g.online), 15_000, 'the desks to notice the hub is gone');
    }
    const ownIds = await Promise.all(desks.map((d, i) => d.send<string[]>({ cmd: 'book-many', visits: [...own(i), ...contested(i)] })));

    if (o.killOneMidDrain) standby = watched(await startDeskProcess({ file: files[0]!, hubUrl: deskUrls[0]!, start: NOW, standby: true }));
    const t0 = performance.now();
    if (o.baseline) await Promise.all(desks.map((d) => d.send({ cmd: 'start' })));
    else o.pg.resume();
    hubListener = await listenToHub(inspectUrl, wake);
    let killed = false;
    if (standby) {
      await waitFor(
        wake,
        async () => hubQuery<{ n: number }>(inspectUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE seq > $1 AND desk_id = $2`, [logged, victim!.desk_id]),
        o.timeoutMs,
        'the first desk to start sending',
        (rows) => rows[0]!.n > 0,
      );
      await desks[0]!.kill();
      desks[0] = standby;
      await standby.send({ cmd: 'open' });
      await standby.send({ cmd: 'start' });
      killed = true;
    }
    const converged = async (): Promise<boolean> => {
      const [gs, hubRows] = await Promise.all([
        digests(desks),
        hubQuery<{ line: string }>(inspectUrl, `SELECT id || ':' || start_at || ':' || status || ':' || version AS line FROM frontdesk.hub_appointments ORDER BY id COLLATE "C"`).catch(
          () => [],
        ),
      ]);
      const hub = scheduleDigest(hubRows);
      return gs.every((g) => g.online && g.pending === 0 && g.schedule === hub);
    };
    await waitFor(wake, converged, o.timeoutMs, 'the desks to converge');
    const seconds = (performance.now() - t0) / 1000;

    // What converged is right: no overlaps, every uncontested visit once, one conflict per collision.
    const [overlaps] = await hubQuery<{ n: number }>(
      inspectUrl,
      `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments a JOIN frontdesk.hub_appointments b ON a.id < b.id AND a.busy && b.busy
        AND a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
        AND (a.provider_id = b.provider_id OR a.room_id = b.room_id)`,
    );
    if (overlaps!.n !== 0) throw new Error(`${overlaps!.n} overlapping visits at the hub`);
    const hubIds = new Set((await hubQuery<{ id: string }>(inspectUrl, `SELECT id FROM frontdesk.hub_appointments`)).map((r) => r.id));
    const gs = await digests(desks);
    const conflicts = gs.flatMap((g) => g.conflicts);
    if (conflicts.length !== DESKS * o.colliding) throw new Error(`${conflicts.length} conflicts, expected ${DESKS * o.colliding}`);
    for (const id of conflicts) if (hubIds.has(id)) throw new Error(`conflict ${id} is at the hub`);
    const booked = ownIds.flat();
    const missing = booked.filter((id) => !hubIds.has(id) && !conflicts.includes(id));
    if (missing.length > 0) throw new Error(`${missing.length} acknowledged bookings are neither at the hub nor in conflicts`);
    if (hubIds.size !== DESKS * 20 + booked.length - conflicts.length) throw new Error(`the hub holds ${hubIds.size} visits`);
    return { seconds, conflicts: conflicts.length, hubVisits: hubIds.size, killed };
  } finally {
    await hubListener?.end().catch(() => undefined);
    for (const d of desks) await d.kill();
    await standby?.kill();
  }
}

const digests = (desks: readonly DeskProcess[]): Promise<DeskDigest[]> => Promise.all(desks.map((d) => d.send<DeskDigest>({ cmd: 'digest' })));

/**
 * News that what the scenario waits for may have changed: a desk's sync status or schedule, or
 * the hub's change log (its NOTIFY). Counted, so news that came during a check is not missed.
 */
class Wakeups {
  count = 0;
  private waiters: Array<() => void> = [];
  bump(): void {
    this.count++;
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves at the next news, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Checks `probe` again at each piece of news until `done` holds (default: truthy), or fails after `timeoutMs`. */
async function waitFor<T>(wake: Wakeups, probe: () => Promise<T>, timeoutMs: number, what: string, done: (v: T) => boolean = Boolean): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const seen = wake.count;
    const v = await probe();
    if (done(v)) return v;
    const left = until - performance.now();
    if (left <= 0) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    if (wake.count === seen) await wake.next(left);
  }
}

/** LISTENs to the hub's change log; each change is news. */
async function listenToHub(url: string, wake: Wakeups): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  client.on('notification', () => wake.bump());
  await client.connect();
  await client.query('LISTEN hub_changes');
  return client;
}
