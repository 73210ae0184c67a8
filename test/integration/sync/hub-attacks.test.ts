import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentDto } from '@shared/domain/booking';
import { book } from '@main/core/booking';
import { newId } from '@main/core/ids';
import { revokeHubDesk, listHubDesks } from '@main/sync/adapters/hub-postgres/admin';
import { listQuarantined } from '@main/sync/quarantine';
import { readSyncStatus } from '@main/sync/status';
import { localInstant } from '../../helpers/clinic-fixture';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk } from '../../helpers/sync-desk';

/**
 * One desk's hub password in an attacker's hands, on a real PostgreSQL hub
 * set up as in production (owner role, desk roles, a non-superuser
 * administrator): everything it tries beyond the desk functions is refused
 * with "permission denied" or a typed refusal, the other desk keeps working,
 * and at the end no two live visits overlap and every logged change names
 * the desk that really sent it.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];
const clients: pg.Client[] = [];
let n = 0;

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-attacks-'));
  template = buildTemplate(dir);
}, 60_000);

afterEach(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  for (const d of open.splice(0)) await d.close();
});

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const f = () => template.fixture;

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

async function clinic() {
  const hub = await pgServer.createHub(`attack${++n}`);
  await seedHub(template.file, dir, await hub.enroll('Seed desk'));
  const aUrl = await hub.enroll('Desk A');
  const bUrl = await hub.enroll('Desk B');
  const a = openDesk(cloneDesk(template.file, dir, `a${n}`), aUrl);
  const b = openDesk(cloneDesk(template.file, dir, `b${n}`), bUrl);
  open.push(a, b);
  return { hub, a, b, aUrl, bUrl };
}

function visitAt(d: Desk, time: string, patient: 'ann' | 'bob' | 'cyd' = 'ann'): AppointmentDto {
  return book(d.ctx, {
    patientId: f().patients[patient],
    providerId: f().providers.smith.id,
    locationId: f().main.id,
    typeId: f().types.checkup.id,
    startAt: localInstant('2025-03-04', time),
  });
}

async function sqlState(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? 'no code';
  }
  return 'allowed';
}

type Answer = { outcome: string; reason?: string; field?: string; kind?: string };
async function push(c: pg.Client, changes: unknown[]): Promise<Answer[]> {
  return (await c.query<{ r: Answer[] }>('SELECT frontdesk_api.push($1::jsonb) AS r', [JSON.stringify(changes)])).rows[0]!.r;
}

const patient = (over: Record<string, unknown> = {}) => {
  const id = newId();
  const p = {
    id,
    givenName: 'Eve',
    familyName: 'Forger',
    dateOfBirth: '1980-01-01',
    phone: null,
    phoneDigits: '',
    email: null,
    preferredChannel: 'none',
    smsOptOut: false,
    emailOptOut: false,
    notes: '',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
  return { key: newId(), entityType: 'patient', entityId: id, operation: 'patient.create', payload: p };
};

async function hubRows<T extends pg.QueryResultRow>(hub: TestHub, sql: string): Promise<T[]> {
  const c = await connect(hub.superUrl);
  return (await c.query<T>(sql)).rows;
}

const TABLES = ['hub_meta', 'hub_desks', 'hub_changes', 'hub_receipts', 'hub_appointments', 'hub_entities', 'hub_reminder_claims', 'change_kinds', 'change_rules'];

describe('a stolen desk password at the clinic hub', () => {
  it('is refused everything but the desk functions, cannot forge, overlap, overflow or replay, and the other desk is unaffected', async () => {
    const { hub, a, b, aUrl } = await clinic();
    const theirs = visitAt(b, '10:00', 'bob');
    visitAt(a, '12:00', 'ann');
    a.engine.start();
    b.engine.start();
    await drain(a);
    await drain(b);
    await a.engine.cycle(5_000);
    const attacker = await connect(aUrl);

    // Tables: no privilege at all, whatever the statement.
    for (const t of TABLES) {
      const q = `frontdesk.${t}`;
      expect(await sqlState(attacker.query(`SELECT * FROM ${q}`)), `SELECT ${t}`).toBe('42501');
      expect(await sqlState(attacker.query(`INSERT INTO ${q} DEFAULT VALUES`)), `INSERT ${t}`).toBe('42501');
      expect(await sqlState(attacker.query(`UPDATE ${q} SET ctid = ctid`)), `UPDATE ${t}`).toBe('42501');
      expect(await sqlState(attacker.query(`DELETE FROM ${q}`)), `DELETE ${t}`).toBe('42501');
      expect(await sqlState(attacker.query(`TRUNCATE ${q}`)), `TRUNCATE ${t}`).toBe('42501');
      expect(await sqlState(attacker.query(`DROP TABLE ${q}`)), `DROP ${t}`).toBe('42501');
    }
    expect(await sqlState(attacker.query(`ALTER TABLE frontdesk.hub_appointments DROP CONSTRAINT hub_appointments_provider_overlap`))).toBe('42501');
    expect(
      await sqlState(attacker.query(`CREATE OR REPLACE FUNCTION frontdesk_api.push(batch jsonb) RETURNS jsonb LANGUAGE sql AS $$ SELECT '[]'::jsonb $$`)),
    ).toBe('42501');
    expect(await sqlState(attacker.query(`DROP FUNCTION frontdesk_api.push(jsonb)`))).toBe('42501');
    // Nothing of its own to hide behind: no objects in public, no temporary tables, no internal functions.
    expect(await sqlState(attacker.query(`CREATE TABLE public.hub_changes (x int)`))).toBe('42501');
    expect(await sqlState(attacker.query(`CREATE TEMP TABLE t (x int)`))).toBe('42501');
    expect(await sqlState(attacker.query(`SELECT frontdesk.apply_change('{}'::jsonb)`))).toBe('42501');
    // Not the owner, not another desk.
    const roles = await hubRows<{ owner: string; desk: string }>(
      hub,
      `SELECT (SELECT value FROM frontdesk.hub_meta WHERE key = 'owner_role') AS owner, (SELECT role_name FROM frontdesk.hub_desks WHERE name = 'Desk B') AS desk`,
    );
    expect(await sqlState(attacker.query(`SET ROLE ${roles[0]!.owner}`))).toBe('42501');
    expect(await sqlState(attacker.query(`SET ROLE ${roles[0]!.desk}`))).toBe('42501');
    expect(await sqlState(attacker.query(`SET SESSION AUTHORIZATION ${roles[0]!.desk}`))).toBe('42501');

    // A change "from desk B": the author is whoever logged in, whatever the change says.
    const forgedAuthor = patient();
    const [authorAnswer] = await push(attacker, [{ ...forgedAuthor, deskId: 'Desk B', desk_id: 'Desk B', payload: { ...forgedAuthor.payload, deskId: 'Desk B' } }]);
    expect(authorAnswer!.outcome).toBe('applied');
    expect(
      await hubRows(hub, `SELECT d.name FROM frontdesk.hub_changes c JOIN frontdesk.hub_desks d USING (desk_id) WHERE c.entity_id = '${forgedAuthor.entityId}'`),
    ).toEqual([{ name: 'Desk A' }]);

    // A forged visit over B's: the exclusion constraint refuses it.
    const overlapping = { ...theirs, id: newId(), patientId: f().patients.cyd, baseVersion: 0, version: 1 };
    const [overlap] = await push(attacker, [{ key: newId(), entityType: 'appointment', entityId: overlapping.id, operation: 'appointment.book', payload: overlapping }]);
    expect(overlap).toMatchObject({ outcome: 'conflict', kind: 'overlap' });
    // One for a patient the hub never heard of, and one with an unbounded time.
    const ghost = { ...overlapping, id: newId(), patientId: newId(), startAt: theirs.startAt + 86_400_000, endAt: theirs.endAt + 86_400_000 };
    const endless = { ...overlapping, id: newId(), busyEndAt: 8_640_000_000_000_000 };
    const shapes = await push(attacker, [
      { key: newId(), entityType: 'appointment', entityId: ghost.id, operation: 'appointment.book', payload: ghost },
      { key: newId(), entityType: 'appointment', entityId: endless.id, operation: 'appointment.book', payload: endless },
      { key: newId(), entityType: 'appointment', entityId: overlapping.id, operation: 'appointment.book', payload: { ...overlapping, id: undefined } },
      { key: newId(), entityType: 'invoice', entityId: 'x', operation: 'invoice.create', payload: { id: 'x' } },
    ]);
    expect(shapes.map((s) => [s.outcome, s.reason, s.field])).toEqual([
      ['refused', 'unknown_reference', 'patientId'],
      ['refused', 'out_of_range', 'busyEndAt'],
      ['refused', 'id_mismatch', 'id'],
      ['refused', 'unknown_kind', 'operation'],
    ]);

    // Patients with malformed or oversize fields.
    const bad = await push(attacker, [
      patient({ givenName: 'E'.repeat(10_000) }),
      patient({ givenName: '' }),
      patient({ givenName: 42 }),
      patient({ dateOfBirth: '2025-02-30' }),
      patient({ dateOfBirth: '1066-10-14' }),
      patient({ preferredChannel: 'carrier-pigeon' }),
      patient({ notes: 'x'.repeat(70_000) }),
      patient({ email: { $gt: '' } }),
      { ...patient(), entityId: 'someone-else' },
      { ...patient(), key: 'not-a-key' },
    ]);
    expect(bad.map((x) => [x.outcome, x.reason, x.field])).toEqual([
      ['refused', 'too_large', 'givenName'],
      ['refused', 'malformed', 'givenName'],
      ['refused', 'malformed', 'givenName'],
      ['refused', 'out_of_range', 'dateOfBirth'],
      ['refused', 'out_of_range', 'dateOfBirth'],
      ['refused', 'out_of_range', 'preferredChannel'],
      ['refused', 'too_large', 'payload'],
      ['refused', 'malformed', 'email'],
      ['refused', 'id_mismatch', 'id'],
      ['refused', 'malformed', 'key'],
    ]);
    expect(await sqlState(push(attacker, Array.from({ length: 1_001 }, () => patient())))).toBe('22023');

    // Another desk's idempotency key, with other content or even the same: refused, B's receipt untouched.
    const bRow = b.db.prepare(`SELECT idempotency_key AS key, entity_type AS entityType, entity_id AS entityId, operation, payload FROM outbox WHERE entity_type = 'appointment'`).get() as Record<string, string>;
    // (Each in its own batch: after one change of a record is refused, the batch holds back that record's later ones.)
    const replayed = [
      ...(await push(attacker, [{ ...bRow, payload: { ...JSON.parse(bRow.payload!), note: 'changed by the attacker' } }])),
      ...(await push(attacker, [{ ...bRow, payload: JSON.parse(bRow.payload!) }])),
    ];
    expect(replayed.map((r) => [r.outcome, r.reason])).toEqual([
      ['refused', 'key_reused'],
      ['refused', 'key_reused'],
    ]);

    // The other desk is unaffected: it books, sends, and A receives it.
    const later = visitAt(b, '15:00', 'cyd');
    await drain(b);
    await a.engine.cycle(5_000);
    expect(a.db.prepare(`SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(later.id)).toBe(1);
    expect(readSyncStatus(b.db)).toMatchObject({ pending: 0, needsAttention: 0, conflicts: 0 });

    // The end state: no overlap among live visits, and every change names the desk that sent it.
    expect(
      await hubRows(
        hub,
        `SELECT COUNT(*)::int AS n FROM frontdesk.hub_appointments x JOIN frontdesk.hub_appointments y
           ON x.id < y.id AND x.busy && y.busy AND x.status NOT IN ('cancelled', 'no_show') AND y.status NOT IN ('cancelled', 'no_show')
          AND (x.provider_id = y.provider_id OR x.room_id = y.room_id)`,
      ),
    ).toEqual([{ n: 0 }]);
    const authors = await hubRows<{ key: string; name: string }>(
      hub,
      `SELECT c.idempotency_key::text AS key, d.name FROM frontdesk.hub_changes c JOIN frontdesk.hub_desks d USING (desk_id)`,
    );
    // Each desk's own changes (the clinic's set-up, cloned into both, was sent by the seed desk).
    const all = (d: Desk) => d.db.prepare(`SELECT idempotency_key FROM outbox`).pluck().all() as string[];
    const cloned = new Set(all(a).filter((k) => all(b).includes(k)));
    const [aKeys, bKeys] = [a, b].map((d) => new Set(all(d).filter((k) => !cloned.has(k)))) as [Set<string>, Set<string>];
    const misattributed = authors.filter(
      (r) => (bKeys.has(r.key) && r.name !== 'Desk B') || (aKeys.has(r.key) && r.name !== 'Desk A') || (r.name === 'Desk B' && !bKeys.has(r.key)),
    );
    expect(misattributed).toEqual([]);
    expect(authors.filter((r) => r.name === 'Desk B').length).toBe(bKeys.size);
  });

  it('cannot take over another desk’s reminder claims', async () => {
    const { aUrl, bUrl } = await clinic();
    const [attacker, desk] = [await connect(aUrl), await connect(bUrl)];
    const want = JSON.stringify([{ id: 'r1', appointment_id: 'visit-1', offset_min: 1440, due_at: 1_000 }]);
    const claim = (c: pg.Client) => c.query<{ mine: boolean }>(`SELECT mine FROM frontdesk_api.claim_reminders($1::jsonb)`, [want]);
    expect((await claim(desk)).rows).toEqual([{ mine: true }]);
    expect((await claim(attacker)).rows).toEqual([{ mine: false }]);
    const settled = await attacker.query<{ s: boolean }>(`SELECT frontdesk_api.settle_reminder('visit-1', 1440, 1000, 'cancelled') AS s`);
    const released = await attacker.query<{ s: boolean }>(`SELECT frontdesk_api.release_reminder('visit-1', 1440, 1000) AS s`);
    expect([settled.rows[0]!.s, released.rows[0]!.s]).toEqual([false, false]);
    expect((await claim(desk)).rows).toEqual([{ mine: true }]); // still B's, still open
    expect(await sqlState(attacker.query(`SELECT * FROM frontdesk_api.claim_reminders('[{"id":"r","appointment_id":"v","offset_min":-5,"due_at":1}]'::jsonb)`))).toBe('22023');
  });

  it('the change log is append-only even for the hub owner, except on the documented maintenance path', async () => {
    const { hub } = await clinic();
    const admin = await connect(hub.adminUrl);
    const [{ owner }] = (await admin.query<{ owner: string }>(`SELECT value AS owner FROM frontdesk.hub_meta WHERE key = 'owner_role'`)).rows as [{ owner: string }];
    await admin.query('BEGIN');
    await admin.query(`SET LOCAL ROLE ${owner}`);
    for (const sql of ['DELETE FROM frontdesk.hub_changes', `UPDATE frontdesk.hub_changes SET desk_id = desk_id`, 'TRUNCATE frontdesk.hub_changes', 'DELETE FROM frontdesk.hub_receipts']) {
      await admin.query('SAVEPOINT s');
      expect(await sqlState(admin.query(sql)), sql).toBe('42501');
      await admin.query('ROLLBACK TO SAVEPOINT s');
    }
    await admin.query(`SET LOCAL frontdesk.maintenance = 'on'`);
    expect((await admin.query(`DELETE FROM frontdesk.hub_receipts WHERE false`)).rowCount).toBe(0);
    await admin.query('ROLLBACK');
  });

  it('a revoked desk is told so in plain words and keeps its data and queue; the others go on', async () => {
    const { hub, a, b } = await clinic();
    a.engine.start();
    b.engine.start();
    await Promise.all([a.engine.cycle(5_000), b.engine.cycle(5_000)]);
    const aDesk = (await listHubDesks({ url: hub.adminUrl, tls: 'disable', ca: null })).find((d) => d.name === 'Desk A')!;
    const revoked = await revokeHubDesk({ url: hub.adminUrl, tls: 'disable', ca: null }, aDesk.deskId);
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    const mine = visitAt(a, '09:00');
    for (let i = 0; i < 20 && readSyncStatus(a.db).problem === null; i++) await a.engine.cycle(1_000);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 1, problem: expect.stringMatching(/withdrew this desk’s access/) });
    expect(a.db.prepare(`SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(mine.id)).toBe(1);
    const theirs = visitAt(b, '11:00');
    await drain(b);
    expect(await hubRows(hub, `SELECT id FROM frontdesk.hub_appointments`)).toEqual([{ id: theirs.id }]);
  });

  it('a forged change in the log (written past the hub’s checks) is quarantined on the desk, and later good changes still apply', async () => {
    const { hub, a, b } = await clinic();
    b.engine.start();
    await b.engine.cycle(5_000);
    // Someone with the hub's own keys writes straight into the log.
    const sup = await connect(hub.superUrl);
    const [{ desk }] = (await sup.query<{ desk: string }>(`SELECT desk_id AS desk FROM frontdesk.hub_desks WHERE name = 'Desk A'`)).rows as [{ desk: string }];
    const forged = [
      ['patient', 'p-forged', 'patient.create', { id: 'p-forged', givenName: 'x'.repeat(5_000) }],
      ['appointment', 'v-forged', 'appointment.book', { id: 'v-forged', startAt: 'soon' }],
      ['appointment', 'v-other', 'appointment.book', { id: 'v-someone-else' }],
      ['telepathy', 't1', 'telepathy.send', {}],
    ] as const;
    for (const [type, id, op, payload] of forged) {
      await sup.query(`INSERT INTO frontdesk.hub_changes (idempotency_key, desk_id, entity_type, entity_id, operation, payload) VALUES ($1, $2, $3, $4, $5, $6)`, [
        newId(),
        desk,
        type,
        id,
        op,
        JSON.stringify(payload),
      ]);
    }
    const good = visitAt(a, '14:00');
    a.engine.start();
    await drain(a);
    await b.engine.cycle(5_000);
    expect(b.db.prepare(`SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(good.id)).toBe(1);
    expect(b.db.prepare(`SELECT COUNT(*) FROM patients WHERE id = 'p-forged'`).pluck().get()).toBe(0);
    const q = listQuarantined(b.db);
    expect(q.map((x) => [x.entityType, x.operation])).toEqual(forged.map(([t, , op]) => [t, op]));
    expect(q[0]!.reason).toMatch(/Not a valid patient \(.*givenName/);
    expect(q[0]!.reason).not.toContain('xxx');
    expect(readSyncStatus(b.db)).toMatchObject({ pending: 0 });
  });
});
