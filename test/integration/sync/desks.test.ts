import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localInstant, NOW } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, seedHub } from '../../helpers/sync-desk';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy';
import type { Visit } from '../workers/sync-desk';
import { startDeskProcess, type DeskProcess } from '../../helpers/desk-process';

/**
 * Three front desks — separate OS processes with separate SQLite files — on
 * one real PostgreSQL hub, each reaching it through its own TCP proxy so the
 * network can fail for real: online races, an outage with conflicting
 * bookings, kill -9 in the middle of a push, and a connection cut
 * mid-transaction. Afterwards the hub holds every booking that did not
 * conflict exactly once, no two overlap, and every conflict is on the desk
 * that lost it.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
let hubCount = 0;
const running: DeskProcess[] = [];
const proxies: TcpProxy[] = [];

async function startDesk(file: string, hubUrl: string, batchSize?: number): Promise<DeskProcess> {
  const d = await startDeskProcess({ file, hubUrl, start: NOW, ...(batchSize ? { batchSize } : {}) });
  running.push(d);
  return d;
}

/**
 * A fresh hub (set up by its administrator, the clinic's set-up and patients
 * sent by a first desk) and, per desk, its own enrolled login, a proxy in
 * front of the hub and a cloned clinic file. Returns the superuser's address
 * of the hub for looking at it.
 */
async function clinicOf(desks: number, batchSize?: number) {
  const testHub = await pgServer.createHub(`desks${++hubCount}`);
  await seedHub(template.file, dir, await testHub.enroll('Seed desk'));
  const hubUrl = testHub.superUrl;
  const list: Array<{ proc: DeskProcess; proxy: TcpProxy; file: string; url: string }> = [];
  for (let i = 0; i < desks; i++) {
    const proxy = await startTcpProxy(pgServer.port);
    proxies.push(proxy);
    const url = (await testHub.enroll(`Desk ${i + 1}`)).replace(`:${pgServer.port}/`, `:${proxy.port}/`);
    const file = cloneDesk(template.file, dir, `desk${hubCount}-${i}`);
    list.push({ proc: await startDesk(file, url, batchSize), proxy, file, url });
  }
  return { hubUrl, desks: list };
}

const hub = hubQuery;

/** Visits in the hub's log. */
async function logged(url: string): Promise<number> {
  const [row] = await hub<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE entity_type = 'appointment'`);
  return row!.n;
}

const OVERLAPS = `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments a JOIN frontdesk.hub_appointments b
  ON a.id < b.id AND a.busy && b.busy AND a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
  AND (a.provider_id = b.provider_id OR a.room_id = b.room_id)`;

const f = () => template.fixture;
function visit(provider: 'smith' | 'jones', date: string, time: string, patient: 'ann' | 'bob' | 'cyd' = 'ann'): Visit {
  return {
    patientId: f().patients[patient],
    providerId: f().providers[provider].id,
    locationId: f().main.id,
    typeId: f().types.checkup.id,
    startAt: localInstant(date, time),
  };
}

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-desks-'));
  template = buildTemplate(dir);
}, 60_000);

afterEach(async () => {
  for (const d of running.splice(0)) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
  for (const p of proxies.splice(0)) await p.close();
});

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('three desks on one hub', () => {
  it('online: desks racing for the same slot get one success per slot, the others SLOT_TAKEN', async () => {
    const { hubUrl, desks } = await clinicOf(3);
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'start' })));
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'drain', timeoutMs: 10_000 })));
    const ROUNDS = 8;
    for (let r = 0; r < ROUNDS; r++) {
      const time = `${String(9 + r).padStart(2, '0')}:00`;
      const patients = ['ann', 'bob', 'cyd'] as const;
      const outcomes = await Promise.all(
        desks.map((d, i) => d.proc.send<{ ok: boolean; code?: string }>({ cmd: 'book', visit: visit('smith', '2025-03-05', time, patients[i]), confirm: true })),
      );
      expect(outcomes.filter((o) => o.ok), `round ${r}`).toHaveLength(1);
      for (const o of outcomes.filter((x) => !x.ok)) expect(o.code).toBe('SLOT_TAKEN');
    }
    expect(await hub(hubUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments`)).toEqual([{ n: ROUNDS }]);
    expect(await hub(hubUrl, OVERLAPS)).toEqual([{ n: 0 }]);
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'drain', timeoutMs: 10_000 })));
    for (const d of desks) {
      const s = await d.proc.state();
      expect(s.status).toMatchObject({ pending: 0, conflicts: 0, needsAttention: 0 });
      expect(s.appointments.filter((a) => a.status !== 'cancelled')).toHaveLength(ROUNDS);
    }
  }, 60_000);

  it('an outage in which all three book, some at the same times: after reconnecting the hub has every other booking once, and each conflict is on the desk that lost', async () => {
    const { hubUrl, desks } = await clinicOf(3);
    for (const d of desks) d.proxy.setDown(true);
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'start' })));
    // Each desk books 6 visits of its own (each desk on its own day) …
    const own = await Promise.all(
      desks.map((d, i) =>
        d.proc.send<string[]>({
          cmd: 'book-many',
          visits: [0, 1, 2, 3, 4, 5].map((k) => visit(k % 2 === 0 ? 'smith' : 'jones', `2025-03-0${6 + i}`, `${String(8 + k).padStart(2, '0')}:00`)),
        }),
      ),
    );
    // … and all three book Smith at 15:00 on the same day: two of them must lose.
    const contested = await Promise.all(desks.map((d, i) => d.proc.send<{ ok: boolean; id: string }>({ cmd: 'book', visit: visit('smith', '2025-03-06', '15:00', (['ann', 'bob', 'cyd'] as const)[i]), confirm: false })));
    expect(contested.every((c) => c.ok)).toBe(true); // offline, each desk takes it locally
    for (const d of desks) expect((await d.proc.state()).status).toMatchObject({ online: false, pending: 7, needsAttention: 0 });

    for (const d of desks) d.proxy.setDown(false);
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'drain', timeoutMs: 20_000 })));
    await Promise.all(desks.map((d) => d.proc.send({ cmd: 'drain', timeoutMs: 20_000 })));

    const hubIds = (await hub<{ id: string }>(hubUrl, `SELECT id FROM frontdesk.hub_appointments`)).map((r) => r.id);
    expect(new Set(hubIds).size).toBe(hubIds.length);
    for (const id of own.flat()) expect(hubIds).toContain(id);
    const contestedOnHub = contested.filter((c) => hubIds.includes(c.id));
    expect(contestedOnHub).toHaveLength(1);
    expect(hubIds).toHaveLength(18 + 1);
    expect(await hub(hubUrl, OVERLAPS)).toEqual([{ n: 0 }]);
    expect(await hub(hubUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE entity_type = 'appointment'`)).toEqual([{ n: 19 }]);

    const states = await Promise.all(desks.map((d) => d.proc.state()));
    const losers = contested.map((c, i) => ({ c, s: states[i]! })).filter(({ c }) => !hubIds.includes(c.id));
    expect(losers).toHaveLength(2);
    for (const { c, s } of losers) {
      expect(s.status).toMatchObject({ online: true, conflicts: 1, pending: 0, needsAttention: 0 });
      expect(s.conflicts).toEqual([expect.objectContaining({ appointmentId: c.id, kind: 'overlap', competingStartAt: localInstant('2025-03-06', '15:00') })]);
      // The loser still has its own visit (and patient); it sees the winner's time, not its patient.
      expect(s.appointments.some((a) => a.id === c.id)).toBe(true);
    }
    const winner = states[contested.findIndex((c) => hubIds.includes(c.id))]!;
    expect(winner.status).toMatchObject({ conflicts: 0, pending: 0 });
    // Every desk converged on the hub's schedule (plus the losers' own unresolved visits).
    for (const s of states) for (const id of hubIds) expect(s.appointments.some((a) => a.id === id)).toBe(true);
  }, 90_000);

  it('kill -9 of a desk in the middle of a push, and a connection cut mid-transaction: nothing lost, nothing twice', async () => {
    const { hubUrl, desks } = await clinicOf(1, 10);
    const [d] = desks;
    d!.proxy.setDown(true);
    // 1,000 visits: every half hour of the day for Smith and for Jones, from 10 March on.
    const visits: Visit[] = [];
    for (let n = 0; n < 1000; n++) {
      const within = n % 96;
      const date = `2025-03-${String(10 + Math.floor(n / 96)).padStart(2, '0')}`;
      const half = Math.floor(within / 2);
      visits.push(visit(within % 2 === 0 ? 'smith' : 'jones', date, `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 === 0 ? '00' : '30'}`));
    }
    const ids = await d!.proc.send<string[]>({ cmd: 'book-many', visits });
    expect(ids).toHaveLength(1000);
    await d!.proc.send({ cmd: 'start' });
    d!.proxy.setDown(false);
    // Wait until the push is under way, then kill the desk outright.
    await vi.waitUntil(async () => (await logged(hubUrl)) > 0, { timeout: 30_000, interval: 10 });
    d!.proc.child.kill('SIGKILL');
    await new Promise((r) => d!.proc.child.once('exit', r));
    const afterKill = await logged(hubUrl);
    expect(afterKill).toBeLessThan(1000);

    // Restart on the same file; cut the hub connection while it pushes.
    const again = await startDesk(d!.file, d!.url, 10);
    await again.send({ cmd: 'start' });
    await vi.waitUntil(async () => (await logged(hubUrl)) > afterKill, { timeout: 30_000, interval: 10 });
    // Cut the link while the push is still under way (checked right before cutting).
    expect(await logged(hubUrl)).toBeLessThan(1000);
    d!.proxy.cut();
    await again.send({ cmd: 'drain', timeoutMs: 30_000 });

    expect(await hub(hubUrl, `SELECT COUNT(*)::int AS n, COUNT(DISTINCT id)::int AS d FROM frontdesk.hub_appointments`)).toEqual([{ n: 1000, d: 1000 }]);
    expect(await hub(hubUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE entity_type = 'appointment'`)).toEqual([{ n: 1000 }]);
    expect(await hub(hubUrl, OVERLAPS)).toEqual([{ n: 0 }]);
    const s = await again.state();
    expect(s.status).toMatchObject({ pending: 0, needsAttention: 0, conflicts: 0 });
    expect(s.appointments).toHaveLength(1000);
  }, 90_000);
});
