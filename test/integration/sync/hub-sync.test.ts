import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect } from 'vitest';
import type { AppointmentDto } from '@shared/domain/booking';
import { book, cancel, confirm, reschedule } from '@main/core/booking';
import { calendarRange } from '@main/core/calendar/range';
import { createBlockout } from '@main/core/clinic';
import { createPatient } from '@main/core/patients';
import { openDatabase } from '@main/core/db/open';
import { dropRow, retryRow } from '@main/sync/queue';
import { resolveConflict } from '@main/sync/conflicts';
import { listConflicts } from '@main/sync/conflict-view';
import { SyncEngine } from '@main/sync/engine';
import { readSyncStatus } from '@main/sync/status';
import { buildClinic, localInstant } from '../../helpers/clinic-fixture';
import { expectAppErrorAsync } from '../../helpers/expect-error';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest, type ClinicIds } from '../../helpers/hub-test';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * Two desks of one clinic and a real PostgreSQL hub, in this process (the
 * three-process scenarios are in desks.test.ts): delivery, pulling, offline
 * conflicts and their resolution, version conflicts, duplicate deliveries,
 * and a hub that refuses the desk.
 */

function bookAt(f: ClinicIds, d: Desk, time: string, patient: 'ann' | 'bob' | 'cyd' = 'ann'): AppointmentDto {
  return book(d.ctx, {
    patientId: f.patients[patient],
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant('2025-03-04', time),
  });
}

describe('sync with the clinic hub', () => {
  // Each test starts the desks' engines itself, in the order it needs.
  hubTest.override('deskOptions', { start: false });

  hubTest('delivers a booking to the hub, and another desk pulls it with its reminders', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const visit = bookAt(f, a, '10:00');
    a.engine.start();
    b.engine.start();
    await drain(a);
    await b.engine.cycle(5_000);
    const [row] = await hubQuery<{ id: string; version: number; status: string }>(hub.superUrl, `SELECT id, version, status FROM frontdesk.hub_appointments`);
    expect(row).toEqual({ id: visit.id, version: 1, status: 'booked' });
    const pulled = b.db.prepare(`SELECT id, start_at AS startAt, patient_id AS patientId, version FROM appointments WHERE id = ?`).get(visit.id);
    expect(pulled).toEqual({ id: visit.id, startAt: visit.startAt, patientId: visit.patientId, version: 1 });
    expect(b.db.prepare(`SELECT COUNT(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(visit.id)).toBe(2);
    expect(readSyncStatus(a.db)).toMatchObject({ online: true, pending: 0, needsAttention: 0, conflicts: 0, hubConfigured: true });
    // B's own change goes the other way.
    const confirmed = cancel(b.ctx, { id: visit.id, reason: 'Patient called' });
    expect(confirmed.version).toBe(2);
    await drain(b);
    await a.engine.cycle(5_000);
    expect(a.db.prepare(`SELECT status, cancel_reason AS reason, version FROM appointments WHERE id = ?`).get(visit.id)).toEqual({
      status: 'cancelled',
      reason: 'Patient called',
      version: 2,
    });
    expect(a.db.prepare(`SELECT COUNT(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(visit.id)).toBe(0);
  });

  hubTest('keeps an offline booking that lost its time at the hub, shows the competing time without its patient, and rebooks it', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const mine = bookAt(f, a, '10:00', 'ann');
    const theirs = bookAt(f, b, '10:15', 'bob'); // overlaps 10:00–10:30
    b.engine.start();
    await drain(b);
    a.engine.start();
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ conflicts: 1, pending: 0, needsAttention: 0 });
    const [c] = listConflicts(a.ctx);
    expect(c).toMatchObject({
      appointmentId: mine.id,
      kind: 'overlap',
      on: 'provider',
      mine: { startAt: mine.startAt, patientName: 'Ann Archer', bookedAt: mine.createdAt, desk: { thisDesk: true } },
      clashes: [{ on: 'provider', startAt: theirs.startAt, endAt: theirs.endAt, providerName: f.providers.smith.name, bookedAt: theirs.createdAt, desk: { thisDesk: false } }],
      hub: null,
    });
    expect(c!.clashes[0]!.reachedHubAt).not.toBeNull();
    expect(JSON.stringify(c)).not.toContain('Bob');
    expect(c!.suggestions.length).toBeGreaterThan(0);
    // The other desk's visit arrived here too, so the same provider's suggestions avoid it.
    for (const s of c!.suggestions.filter((x) => x.sameProvider)) expect(s.endAt <= theirs.startAt || s.startAt >= theirs.endAt).toBe(true);
    // The visit is still on this desk with its patient.
    expect(a.db.prepare(`SELECT patient_id FROM appointments WHERE id = ?`).pluck().get(mine.id)).toBe(f.patients.ann);
    // The grid marks it.
    const day = calendarRange(a.db, { from: localInstant('2025-03-04', '00:00'), to: localInstant('2025-03-05', '00:00') });
    expect(day.conflictIds).toEqual([mine.id]);

    const s = c!.suggestions[0]!;
    resolveConflict(a.ctx, { action: 'rebook', appointmentId: mine.id, providerId: s.providerId, startAt: s.startAt });
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ conflicts: 0, pending: 0 });
    const rows = await hubQuery<{ id: string; start_at: string }>(hub.superUrl, `SELECT id, start_at FROM frontdesk.hub_appointments ORDER BY start_at`);
    expect(rows.map((r) => r.id).sort()).toEqual([mine.id, theirs.id].sort());
    await b.engine.cycle(5_000);
    expect(b.db.prepare(`SELECT start_at FROM appointments WHERE id = ?`).pluck().get(mine.id)).toBe(s.startAt);
  });

  hubTest('detects a change made elsewhere meanwhile by version, and can keep the hub’s version', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const visit = bookAt(f, a, '10:00');
    a.engine.start();
    b.engine.start();
    await drain(a);
    await b.engine.cycle(5_000);
    await a.engine.stop();
    await b.engine.stop();
    // Both offline: A moves it, B cancels it.
    reschedule(a.ctx, { id: visit.id, startAt: localInstant('2025-03-04', '11:00') });
    cancel(b.ctx, { id: visit.id, reason: 'Feeling better' });
    b.engine.start();
    await drain(b);
    a.engine.start();
    await drain(a);
    const [c] = listConflicts(a.ctx);
    expect(c).toMatchObject({ kind: 'version', hub: { status: 'cancelled', startAt: visit.startAt } });
    resolveConflict(a.ctx, { action: 'keep-hub', appointmentId: visit.id });
    expect(a.db.prepare(`SELECT status, start_at AS startAt FROM appointments WHERE id = ?`).get(visit.id)).toEqual({ status: 'cancelled', startAt: visit.startAt });
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ conflicts: 0, pending: 0 });
    expect(await hubQuery(hub.superUrl, `SELECT status, version FROM frontdesk.hub_appointments`)).toEqual([{ status: 'cancelled', version: 2 }]);
  });

  hubTest('online, two desks tapping the same slot get one success and one SLOT_TAKEN; the loser keeps nothing', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    a.engine.start();
    b.engine.start();
    await Promise.all([a.engine.cycle(5_000), b.engine.cycle(5_000)]);
    const va = bookAt(f, a, '14:00', 'ann');
    const vb = bookAt(f, b, '14:00', 'bob');
    const outcomes = await Promise.allSettled([a.engine.confirmUpstream([va.id]), b.engine.confirmUpstream([vb.id])]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.findIndex((o) => o.status === 'rejected');
    const reason = (outcomes[lost] as PromiseRejectedResult).reason as { code: string };
    expect(reason.code).toBe('SLOT_TAKEN');
    const loser = lost === 0 ? a : b;
    const loserVisit = lost === 0 ? va : vb;
    expect(loser.db.prepare(`SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(loserVisit.id)).toBe(0);
    expect(readSyncStatus(loser.db)).toMatchObject({ conflicts: 0, pending: 0 });
    expect(await hubQuery(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments`)).toEqual([{ n: 1 }]);
  });

  hubTest('applies two copies of the same change arriving at the same moment once, with no false conflict', async ({ hub, desks, clinic: f }) => {
    const deskUrl = await hub.enroll('a');
    const a = await desks.open('a', { url: null, start: false });
    bookAt(f, a, '10:00');
    const row = a.db.prepare(`SELECT idempotency_key AS key, entity_type AS entityType, entity_id AS entityId, operation, payload FROM outbox WHERE entity_type = 'appointment'`).get() as Record<string, string>;
    const batch = JSON.stringify([{ ...row, payload: JSON.parse(row.payload!) }]);
    const clients = [new pg.Client({ connectionString: deskUrl }), new pg.Client({ connectionString: deskUrl })];
    await Promise.all(clients.map((c) => c.connect()));
    const answers = await Promise.all(clients.map((c) => c.query<{ r: Array<{ outcome: string; duplicate: boolean }> }>('SELECT frontdesk_api.push($1::jsonb) AS r', [batch])));
    await Promise.all(clients.map((c) => c.end()));
    const results = answers.map((x) => x.rows[0]!.r[0]!);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(await hubQuery(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_changes WHERE entity_type = 'appointment'`)).toEqual([{ n: 1 }]);
    expect(await hubQuery(hub.superUrl, `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments`)).toEqual([{ n: 1 }]);
  });

  hubTest('a wrong password, an unreachable address or a newer hub: a clear error, the queue intact', async ({ syncClinic, desks, clinic: f }) => {
    const hub = await syncClinic.newHub({ seeded: false });
    const deskUrl = await hub.enroll('a');
    const wrong = new URL(deskUrl);
    wrong.password = 'not-the-password';
    const wrongPassword = wrong.toString();
    await expectAppErrorAsync(SyncEngine.testConnection({ url: wrongPassword, tls: 'disable', ca: null }), 'HUB_REFUSED', /password/);
    const nowhere = `postgres://clinic:x@127.0.0.1:1/hub`;
    await expectAppErrorAsync(SyncEngine.testConnection({ url: nowhere, tls: 'disable', ca: null }), 'HUB_UNREACHABLE', /cannot be reached/);

    const a = await desks.open('a', { url: wrongPassword, start: false });
    bookAt(f, a, '10:00');
    a.engine.start();
    await a.engine.cycle(5_000);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 1, needsAttention: 0, problem: expect.stringMatching(/password/) });
    await a.engine.stop();

    const b = await desks.open('b', { url: nowhere, start: false });
    bookAt(f, b, '10:00');
    b.engine.start();
    await b.engine.cycle(5_000);
    expect(readSyncStatus(b.db)).toMatchObject({ online: false, offlineSince: expect.any(Number), pending: 1, needsAttention: 0 });
    // Offline, a booking is answered at once: the desk does not wait for the hub.
    const quick = bookAt(f, b, '11:00');
    const t0 = Date.now();
    await b.engine.confirmUpstream([quick.id]);
    expect(Date.now() - t0).toBeLessThan(100);
    await b.engine.stop();

    await SyncEngine.testConnection({ url: deskUrl, tls: 'disable', ca: null });
    const c = await desks.open('c', { hub, start: false });
    await hubQuery(hub.superUrl, `UPDATE frontdesk.hub_meta SET value = '99' WHERE key = 'schema_version'`);
    await expectAppErrorAsync(SyncEngine.testConnection({ url: deskUrl, tls: 'disable', ca: null }), 'UNSUPPORTED_VERSION', /newer version of Frontdesk/);
    bookAt(f, c, '10:00');
    c.engine.start();
    await c.engine.cycle(5_000);
    expect(readSyncStatus(c.db)).toMatchObject({ pending: 1, needsAttention: 0, problem: expect.stringMatching(/newer version/) });
  });

  hubTest('a change the hub refuses needs attention at once, with the hub’s reason, while the others flow; retry and set aside', async ({ hub, desks, clinic: f }) => {
    const a = await desks.open('a', { hub, random: () => 0, start: false }); // no waiting between attempts
    const first = bookAt(f, a, '09:00');
    const poisoned = bookAt(f, a, '10:00');
    const last = bookAt(f, a, '11:00');
    // A payload the hub's checks refuse (no busy time): refused on every attempt, so it is not sent again by itself.
    a.db.prepare(`UPDATE outbox SET payload = json_remove(payload, '$.busyStartAt') WHERE entity_id = ?`).run(poisoned.id);
    a.engine.start();
    await drain(a);
    const states = a.db.prepare(`SELECT entity_id AS id, state, attempts FROM outbox WHERE entity_type = 'appointment' ORDER BY seq`).all();
    expect(states).toEqual([
      { id: first.id, state: 'delivered', attempts: 0 },
      { id: poisoned.id, state: 'attention', attempts: 1 },
      { id: last.id, state: 'delivered', attempts: 0 },
    ]);
    expect(readSyncStatus(a.db)).toMatchObject({ needsAttention: 1, pending: 0 });
    expect(a.db.prepare(`SELECT last_error FROM outbox WHERE state = 'attention'`).pluck().get()).toBe(
      'The clinic hub refused this change: it is incomplete or not well formed (busyStartAt).',
    );
    // Later changes of the same visit wait behind it; other visits do not.
    confirm(a.ctx, { id: poisoned.id });
    confirm(a.ctx, { id: last.id });
    await a.engine.cycle(5_000);
    expect(a.db.prepare(`SELECT state FROM outbox WHERE entity_id = ? ORDER BY seq DESC LIMIT 1`).pluck().get(poisoned.id)).toBe('pending');
    expect(a.db.prepare(`SELECT state FROM outbox WHERE entity_id = ? ORDER BY seq DESC LIMIT 1`).pluck().get(last.id)).toBe('delivered');

    const seq = a.db.prepare(`SELECT seq FROM outbox WHERE state = 'attention'`).pluck().get() as number;
    expect(retryRow(a.db, seq, a.ctx.clock.now())).toBe(true);
    expect(readSyncStatus(a.db)).toMatchObject({ needsAttention: 0 });
    // Retried with a fresh count: refused again, it needs attention again.
    for (let i = 0; i < 50 && a.db.prepare(`SELECT state FROM outbox WHERE seq = ?`).pluck().get(seq) !== 'attention'; i++) await a.engine.cycle(1_000);
    expect(a.db.prepare(`SELECT state, attempts FROM outbox WHERE seq = ?`).get(seq)).toEqual({ state: 'attention', attempts: 1 });
    // Set aside: the visit's later change goes out on its own (the hub takes it as the visit's first).
    expect(dropRow(a.db, seq, a.ctx.clock.now())).toBe(true);
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ needsAttention: 0, pending: 0 });
    expect(await hubQuery(hub.superUrl, `SELECT status FROM frontdesk.hub_appointments WHERE id = $1`, [poisoned.id])).toEqual([{ status: 'confirmed' }]);
  });

  hubTest('a desk that joins with an empty clinic receives the whole set-up from the hub, and books against it', async ({ syncClinic, desks }) => {
    const hub = await syncClinic.newHub({ seeded: false });
    // Desk A sets the clinic up with the hub in place: every set-up change is queued for it.
    const aFile = join(syncClinic.dir, 'setup-a.sqlite');
    const aDb = openDatabase(aFile);
    const fixture = buildClinic(aDb, { openAllDay: true });
    aDb.close();
    const a = await desks.open('a', { file: aFile, hub, start: false });
    const arrived: string[] = [];
    const b = await desks.open('b', { file: join(syncClinic.dir, 'setup-b.sqlite'), hub, onPatientsChanged: (ids) => arrived.push(...ids), start: false });
    const dana = createPatient(a.ctx, { givenName: 'Dana', familyName: 'Diaz', dateOfBirth: '1990-02-02', phone: '555-0199' });
    a.engine.start();
    await drain(a);
    b.engine.start();
    await b.engine.cycle(10_000);
    const count = (d: Desk, table: string) => d.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    for (const table of ['locations', 'rooms', 'providers', 'appointment_types', 'appointment_type_providers', 'opening_hours']) {
      expect(count(b, table), table).toBe(count(a, table));
    }
    expect(b.db.prepare(`SELECT given_name FROM patients`).pluck().all()).toEqual(['Dana']);
    expect(arrived).toEqual([dana.id]); // an open patient panel on B hears of it (patients/changed)
    // A blocks Smith's morning; B sees it at once and its guard keeps to it.
    createBlockout(a.ctx, { providerId: fixture.providers.smith.id, startAt: localInstant('2025-03-04', '09:00'), endAt: localInstant('2025-03-04', '12:00'), reason: 'Staff training' });
    await drain(a);
    await b.engine.cycle(10_000);
    expect(b.db.prepare(`SELECT reason FROM blockouts`).pluck().all()).toEqual(['']); // the private reason stays on A
    const at = (time: string) => ({
      patientId: dana.id,
      providerId: fixture.providers.smith.id,
      locationId: fixture.main.id,
      typeId: fixture.types.checkup.id,
      startAt: localInstant('2025-03-04', time),
    });
    expect(() => book(b.ctx, at('10:00'))).toThrow(expect.objectContaining({ code: 'BLOCKED' }));
    const visit = book(b.ctx, at('13:00'));
    await drain(b);
    await a.engine.cycle(10_000);
    expect(a.db.prepare(`SELECT patient_id FROM appointments WHERE id = ?`).pluck().get(visit.id)).toBe(dana.id);
  });

  hubTest('closing the desk does not wait on a hub that hangs, and the abandoned attempt writes nothing', async ({ desks, clinic: f }) => {
    // A "hub" that accepts connections and never answers.
    const silent = createServer((socket) => socket.resume()); // reads (and drops) what the desk says, so it sees it hang up
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const lines: string[] = [];
      // Stopping gives up on the push long before the attempt itself would time out.
      const a = await desks.open('a', { url: `postgres://clinic:x@127.0.0.1:${port}/hub`, timeouts: { connectMs: 1_000, stopMs: 100 }, log: (l) => lines.push(l), start: false });
      bookAt(f, a, '10:00');
      const reached = once(silent, 'connection') as Promise<[Socket]>;
      a.engine.start();
      const [hung] = await reached;
      let attemptOver = false;
      const over = once(hung, 'close').then(() => (attemptOver = true));
      await a.engine.stop();
      expect(attemptOver).toBe(false); // stop returned while the attempt still waited on the hub
      a.db.close(); // as the app does next; the attempt still waiting on the hub must not touch it
      await over; // the abandoned attempt timed out and hung up
      const reopened = openDatabase(a.db.name);
      expect(reopened.prepare(`SELECT state, attempts FROM outbox WHERE entity_type = 'appointment'`).all()).toEqual([{ state: 'pending', attempts: 0 }]);
      reopened.close();
      expect(lines.filter((l) => l.includes('sync.loop_failed'))).toEqual([]);
    } finally {
      silent.close();
    }
  });
});
