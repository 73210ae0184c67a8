import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppointmentDto } from '@shared/domain/booking';
import { isAppError } from '@shared/domain/errors';
import { book, cancel, reschedule } from '@main/core/booking';
import { listConflicts } from '@main/sync/conflict-view';
import { settleConflict } from '@main/sync/settle-conflict';
import { readSyncStatus } from '@main/sync/status';
import { localInstant } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk, type DeskOptions } from '../../helpers/sync-desk';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy';

/**
 * Coming back from an outage, on a real PostgreSQL hub reached through TCP
 * proxies (so the network really fails): the desk probes the hub on a short
 * schedule rather than once per booking and logs the outage once; "Try now"
 * reaches it at once; settling a conflict is confirmed by the hub like a
 * booking (two desks racing for one free time: one success, one SLOT_TAKEN
 * with fresh times) and kept honestly while the hub is away; a conflict names
 * every clash with where and when it was booked, and offers other providers.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];
const proxies: TcpProxy[] = [];
let dbCount = 0;

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-back-online-'));
  template = buildTemplate(dir);
}, 60_000);

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const p of proxies.splice(0)) await p.close();
});

/** A new hub with the template clinic's set-up and patients on it (as its first desk sent them). */
async function freshHub(): Promise<TestHub> {
  const hub = await pgServer.createHub(`back${++dbCount}`);
  await seedHub(template.file, dir, await hub.enroll('Seed desk'));
  return hub;
}

/** A desk enrolled at the hub under its own login role. */
async function desk(name: string, hub: TestHub, opts: DeskOptions = {}): Promise<Desk> {
  const d = openDesk(cloneDesk(template.file, dir, `${name}-${dbCount}`), await hub.enroll(name), opts);
  open.push(d);
  return d;
}

/** A desk reaching the hub through its own proxy. */
async function deskBehindProxy(name: string, hub: TestHub, opts: DeskOptions = {}): Promise<{ d: Desk; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(pgServer.port);
  proxies.push(proxy);
  const url = (await hub.enroll(name)).replace(`:${pgServer.port}/`, `:${proxy.port}/`);
  const d = openDesk(cloneDesk(template.file, dir, `${name}-${dbCount}`), url, opts);
  open.push(d);
  return { d, proxy };
}

const f = () => template.fixture;
function bookAt(
  d: Desk,
  time: string,
  patient: 'ann' | 'bob' | 'cyd' = 'ann',
  more: { provider?: 'smith' | 'jones'; type?: 'checkup' | 'cleaning'; room?: 'op1' | 'op2' } = {},
): AppointmentDto {
  return book(d.ctx, {
    patientId: f().patients[patient],
    providerId: f().providers[more.provider ?? 'smith'].id,
    locationId: f().main.id,
    typeId: f().types[more.type ?? 'checkup'].id,
    startAt: localInstant('2025-03-04', time),
    ...(more.room ? { roomId: f().rooms[more.room].id } : {}),
  });
}

const events = (lines: string[], name: string) => lines.filter((l) => (JSON.parse(l) as { event: string }).event === name).length;

describe('back online', () => {
  it('while the hub is away the desk probes on a short schedule, not once per booking; one log line per outage; back within seconds', async () => {
    const hub = await freshHub();
    const lines: string[] = [];
    const { d: a, proxy } = await deskBehindProxy('a', hub, { pollMs: 60_000, log: (l) => lines.push(l) });
    a.engine.start();
    await a.engine.cycle(5_000);
    expect(readSyncStatus(a.db).online).toBe(true);

    proxy.setDown(true);
    bookAt(a, '09:00');
    // (A pooled connection the outage cut may fail first: that attempt counts for the row, as a cut link does.)
    await vi.waitUntil(async () => {
      await a.engine.cycle(5_000);
      return !readSyncStatus(a.db).online;
    });
    expect(readSyncStatus(a.db)).toMatchObject({ online: false, pending: 1 });
    // Every booking of an outage nudges the engine, as the app does; none of them dials the hub.
    const before = proxy.attempts;
    for (let n = 0; n < 200; n++) {
      book(a.ctx, {
        patientId: f().patients.bob,
        providerId: f().providers.jones.id,
        locationId: f().main.id,
        typeId: f().types.checkup.id,
        startAt: localInstant('2025-03-05', '00:00') + n * 30 * 60_000,
      });
      a.engine.kick();
    }
    expect(proxy.attempts - before).toBeLessThan(5);
    expect(events(lines, 'sync.hub_unreachable')).toBe(1);

    // The hub is back: noticed by the next probe, without any local change or button.
    proxy.setDown(false);
    await vi.waitUntil(() => readSyncStatus(a.db).online && readSyncStatus(a.db).pending === 0, { timeout: 15_000, interval: 50 });
    expect(events(lines, 'sync.hub_back')).toBe(1);
    expect(events(lines, 'sync.hub_unreachable')).toBe(1);
    expect(await hubQuery(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments`)).toEqual([{ n: 201 }]);

    // A second outage: "Try now" reaches the hub at once when it is back, and logs the outage once more.
    proxy.setDown(true);
    await a.engine.tryNow(5_000);
    expect(readSyncStatus(a.db).online).toBe(false);
    proxy.setDown(false);
    await a.engine.tryNow(5_000);
    expect(readSyncStatus(a.db).online).toBe(true);
    expect(events(lines, 'sync.hub_unreachable')).toBe(2);
    expect(events(lines, 'sync.hub_back')).toBe(2);
  });

  it('two desks moving their refused visits into the same free time: one confirmed by the hub, one SLOT_TAKEN with fresh times', async () => {
    const hub = await freshHub();
    const c = await desk('c', hub);
    const a = await desk('a', hub);
    const b = await desk('b', hub);
    bookAt(c, '10:00', 'cyd');
    const va = bookAt(a, '10:00', 'ann');
    const vb = bookAt(b, '10:00', 'bob');
    c.engine.start();
    await drain(c);
    a.engine.start();
    b.engine.start();
    await Promise.all([drain(a), drain(b)]);
    expect(listConflicts(a.ctx).map((x) => x.appointmentId)).toEqual([va.id]);
    expect(listConflicts(b.ctx).map((x) => x.appointmentId)).toEqual([vb.id]);

    const eleven = localInstant('2025-03-04', '11:00');
    const smith = f().providers.smith.id;
    const outcomes = await Promise.allSettled([
      settleConflict(a.ctx, a.engine, { action: 'rebook', appointmentId: va.id, providerId: smith, startAt: eleven }),
      settleConflict(b.ctx, b.engine, { action: 'rebook', appointmentId: vb.id, providerId: smith, startAt: eleven }),
    ]);
    const won = outcomes.filter((o): o is PromiseFulfilledResult<Awaited<ReturnType<typeof settleConflict>>> => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]!.value.hub).toBe('confirmed');
    const lostAt = outcomes.findIndex((o) => o.status === 'rejected');
    const error = (outcomes[lostAt] as PromiseRejectedResult).reason as unknown;
    expect(isAppError(error) && error.code).toBe('SLOT_TAKEN');
    const fresh = (error as { details: { suggestions: Array<{ startAt: number; endAt: number; sameProvider: boolean }> } }).details.suggestions;
    expect(fresh.length).toBeGreaterThan(0);
    // The winner's visit has been pulled: the fresh times leave 11:00 with Smith alone.
    for (const s of fresh.filter((x) => x.sameProvider)) expect(s.endAt <= eleven || s.startAt >= eleven + 30 * 60_000).toBe(true);

    const loser = lostAt === 0 ? a : b;
    const [still] = listConflicts(loser.ctx);
    expect(still).toMatchObject({ appointmentId: lostAt === 0 ? va.id : vb.id, clashes: [{ startAt: eleven, on: 'provider', desk: { thisDesk: false } }] });
    expect(await hubQuery(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments WHERE start_at = ${eleven}`)).toEqual([{ n: 1 }]);

    // The loser takes the first fresh time: confirmed.
    const next = still!.suggestions[0]!;
    const settled = await settleConflict(loser.ctx, loser.engine, { action: 'rebook', appointmentId: still!.appointmentId, providerId: next.providerId, startAt: next.startAt });
    expect(settled.hub).toBe('confirmed');
    expect(listConflicts(loser.ctx)).toEqual([]);
  });

  it('a visit the hub already has, moved offline into a time another desk took: moving it again is confirmed, or its hub version kept', async () => {
    const hub = await freshHub();
    const a = await desk('a', hub);
    const b = await desk('b', hub);
    const moved = bookAt(a, '09:00', 'ann');
    const kept = bookAt(a, '13:00', 'cyd');
    a.engine.start();
    await drain(a);
    await a.engine.stop();
    reschedule(a.ctx, { id: moved.id, startAt: localInstant('2025-03-04', '10:00') });
    reschedule(a.ctx, { id: kept.id, startAt: localInstant('2025-03-04', '11:00') });
    bookAt(b, '10:00', 'bob');
    bookAt(b, '11:00', 'bob');
    b.engine.start();
    await drain(b);
    a.engine.start();
    await drain(a);
    const conflicts = listConflicts(a.ctx);
    expect(conflicts.map((c) => [c.appointmentId, c.kind]).sort()).toEqual([[moved.id, 'overlap'], [kept.id, 'overlap']].sort());
    // The hub's copy of each (its 09:00 and 13:00) comes with the refusal.
    expect(conflicts.find((c) => c.appointmentId === kept.id)!.hub).toMatchObject({ startAt: kept.startAt });

    const s = conflicts.find((c) => c.appointmentId === moved.id)!.suggestions[0]!;
    const settled = await settleConflict(a.ctx, a.engine, { action: 'rebook', appointmentId: moved.id, providerId: s.providerId, startAt: s.startAt });
    expect(settled.hub).toBe('confirmed');
    expect(await settleConflict(a.ctx, a.engine, { action: 'keep-hub', appointmentId: kept.id })).toMatchObject({ hub: 'confirmed', appointment: { startAt: kept.startAt } });
    expect(listConflicts(a.ctx)).toEqual([]);
    const rows = await hubQuery<{ id: string; startAt: string }>(hub.superUrl, `SELECT id, start_at::text AS "startAt" FROM frontdesk.hub_appointments WHERE id = ANY($1) ORDER BY start_at`, [[moved.id, kept.id]]);
    expect(Object.fromEntries(rows.map((r) => [r.id, Number(r.startAt)]))).toEqual({ [moved.id]: s.startAt, [kept.id]: kept.startAt });
  });

  it('a conflict settled while the hub is away is kept honestly and confirmed when the hub is back', async () => {
    const hub = await freshHub();
    const b = await desk('b', hub);
    bookAt(b, '10:00', 'bob');
    b.engine.start();
    await drain(b);
    const { d: a, proxy } = await deskBehindProxy('a', hub);
    const mine = bookAt(a, '10:00', 'ann');
    a.engine.start();
    await drain(a);
    const [c] = listConflicts(a.ctx);
    proxy.setDown(true);
    await vi.waitUntil(async () => {
      await a.engine.cycle(5_000);
      return !readSyncStatus(a.db).online;
    });
    const s = c!.suggestions[0]!;
    const settled = await settleConflict(a.ctx, a.engine, { action: 'rebook', appointmentId: mine.id, providerId: s.providerId, startAt: s.startAt });
    expect(settled.hub).toBe('queued');
    expect(readSyncStatus(a.db)).toMatchObject({ online: false, conflicts: 0, pending: 1 });
    proxy.setDown(false);
    await vi.waitUntil(() => readSyncStatus(a.db).pending === 0, { timeout: 15_000, interval: 50 });
    expect(readSyncStatus(a.db)).toMatchObject({ online: true, conflicts: 0 });
    expect(await hubQuery(hub.superUrl, `SELECT start_at::bigint AS "startAt" FROM frontdesk.hub_appointments WHERE id = '${mine.id}'`)).toEqual([{ startAt: String(s.startAt) }]);
  });

  it('when the visit that held the time is cancelled since, the conflict shows no clash and the visit can be sent again at its own time', async () => {
    const hub = await freshHub();
    const b = await desk('b', hub);
    const theirs = bookAt(b, '10:00', 'bob');
    b.engine.start();
    await drain(b);
    const a = await desk('a', hub);
    const mine = bookAt(a, '10:00', 'ann');
    a.engine.start();
    await drain(a);
    expect(listConflicts(a.ctx)[0]!.clashes).toHaveLength(1);
    cancel(b.ctx, { id: theirs.id, reason: 'Patient called' });
    await drain(b);
    await a.engine.cycle(5_000);
    expect(listConflicts(a.ctx)).toMatchObject([{ appointmentId: mine.id, on: null, clashes: [] }]);
    const settled = await settleConflict(a.ctx, a.engine, { action: 'rebook', appointmentId: mine.id, providerId: mine.providerId, startAt: mine.startAt });
    expect(settled.hub).toBe('confirmed');
    expect(await hubQuery(hub.superUrl, `SELECT start_at::text AS "startAt", status FROM frontdesk.hub_appointments WHERE id = '${mine.id}'`)).toEqual([{ startAt: String(mine.startAt), status: 'booked' }]);
  });

  it('a conflict names every clash (provider and room) with its desk and times, and offers other providers at the same location', async () => {
    const hub = await freshHub();
    const b = await desk('b', hub);
    const onProvider = bookAt(b, '10:00', 'bob'); // Smith, no room
    const onRoom = bookAt(b, '10:15', 'cyd', { provider: 'jones', type: 'cleaning', room: 'op1' });
    b.engine.start();
    await drain(b);
    const a = await desk('a', hub);
    const mine = bookAt(a, '10:00', 'ann', { type: 'cleaning', room: 'op1' });
    a.engine.start();
    await drain(a);
    const [c] = listConflicts(a.ctx);
    expect(c).toMatchObject({
      appointmentId: mine.id,
      kind: 'overlap',
      on: 'both',
      mine: { roomName: 'Op 1', bookedAt: mine.createdAt, desk: { thisDesk: true } },
      clashes: [
        { on: 'provider', startAt: onProvider.startAt, providerName: f().providers.smith.name, roomName: null, bookedAt: onProvider.createdAt, desk: { thisDesk: false } },
        { on: 'room', startAt: onRoom.startAt, providerName: f().providers.jones.name, roomName: 'Op 1', bookedAt: onRoom.createdAt, desk: { thisDesk: false } },
      ],
    });
    for (const x of c!.clashes) expect(x.reachedHubAt).toEqual(expect.any(Number));
    // Other desks are named as the hub enrolled them.
    const [enrolledB] = await hubQuery<{ desk_id: string }>(hub.superUrl, `SELECT desk_id FROM frontdesk.hub_desks WHERE name = 'b'`);
    expect(c!.clashes[0]!.desk!.code).toBe(enrolledB!.desk_id.replace(/-/g, '').slice(-4).toUpperCase());
    expect(JSON.stringify(c)).not.toMatch(/Bob|Cyd/);

    const same = c!.suggestions.filter((s) => s.sameProvider);
    const others = c!.suggestions.filter((s) => !s.sameProvider);
    expect(same.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const s of c!.suggestions) expect(s).toMatchObject({ locationId: f().main.id, locationName: f().main.name, zone: 'America/New_York' });
    expect(others.every((s) => s.providerId === f().providers.jones.id)).toBe(true);
    // Nearest to the original time first, within each group.
    const gaps = (xs: typeof same) => xs.map((s) => Math.abs(s.startAt - mine.startAt));
    expect(gaps(same)).toEqual([...gaps(same)].sort((x, y) => x - y));
    expect(gaps(others)).toEqual([...gaps(others)].sort((x, y) => x - y));
    // Jones is free within the hour, while the refused visit's own time is held by Smith's clash.
    expect(Math.abs(others[0]!.startAt - mine.startAt)).toBeLessThanOrEqual(60 * 60_000);
  });
});
