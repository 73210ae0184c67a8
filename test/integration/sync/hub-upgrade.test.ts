import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import { enrollHubDesk, setUpHub } from '@main/sync/adapters/hub-postgres/admin';
import { connectionOf, decodeEnrollment } from '@main/sync/adapters/hub-postgres/enrollment-code';
import { HUB_MIGRATIONS, HUB_SCHEMA_VERSION } from '@main/sync/adapters/hub-postgres/schema';
import { nextBatch, type QueuedChange } from '@main/sync/queue';
import { readSyncStatus } from '@main/sync/status';
import { localInstant } from '../../helpers/clinic-fixture';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedDesk, type Desk } from '../../helpers/sync-desk';

/**
 * A hub made by the shared-owner version (every desk logged in as one user
 * that owned the tables in `public` and called `hub_apply(batch, desk)`) is
 * upgraded in place by `hub:init` with an administrator address: nothing
 * synced is lost, the old user loses its access, desks re-enroll, and a
 * change a desk delivered before the upgrade but never heard back about is
 * answered from its old receipt when the desk sends it again.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-upgrade-'));
  template = buildTemplate(dir);
}, 60_000);

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** What the shared-owner version did on a desk's first connection, as that desk's user. */
async function legacyHub(url: string): Promise<void> {
  const c = await client(url);
  try {
    await c.query(`CREATE TABLE hub_meta (key text PRIMARY KEY, value text NOT NULL)`);
    await c.query(`INSERT INTO hub_meta (key, value) VALUES ('hub_id', gen_random_uuid()::text)`);
    for (const m of HUB_MIGRATIONS.filter((x) => x.version <= 2)) {
      await c.query(m.sql);
      await c.query(`INSERT INTO hub_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(m.version)]);
    }
  } finally {
    await c.end();
  }
}

async function legacyPush(url: string, desk: string, rows: readonly QueuedChange[]): Promise<void> {
  const batch = rows.map((r) => ({ key: r.key, entityType: r.entityType, entityId: r.entityId, operation: r.operation, payload: JSON.parse(r.payload) as unknown }));
  const c = await client(url);
  try {
    const { rows: out } = await c.query<{ r: Array<{ outcome: string }> }>(`SELECT hub_apply($1::jsonb, $2) AS r`, [JSON.stringify(batch), desk]);
    expect(out[0]!.r.every((a) => a.outcome === 'applied')).toBe(true);
  } finally {
    await c.end();
  }
}

const f = () => template.fixture;

describe('upgrading a hub of the shared-owner version', () => {
  it('moves it into place with nothing lost; the shared user is shut out; re-enrolled desks carry on', async () => {
    const superUrl = await pgServer.createDatabase('legacyhub');
    const su = await client(superUrl);
    await su.query(`CREATE ROLE clinic_shared LOGIN PASSWORD 'shared-secret'; GRANT CREATE ON DATABASE legacyhub TO clinic_shared; GRANT CREATE ON SCHEMA public TO clinic_shared`);
    const sharedUrl = superUrl.replace(/\/\/clinic:[^@]+@/, '//clinic_shared:shared-secret@');
    await su.query(`CREATE EXTENSION btree_gist`);
    await legacyHub(sharedUrl);

    // The clinic as it was: set-up and patients from the first desk, three visits from desk A, one reminder claim.
    const seed = seedDesk(template.file, dir, null);
    open.push(seed);
    await legacyPush(sharedUrl, 'device-seed', nextBatch(seed.db, Date.now(), 1000));
    const aFile = cloneDesk(template.file, dir, 'a');
    const a0 = openDesk(aFile, null);
    const visits = ['09:00', '10:00', '11:00'].map((t) =>
      book(a0.ctx, { patientId: f().patients.ann, providerId: f().providers.smith.id, locationId: f().main.id, typeId: f().types.checkup.id, startAt: localInstant('2025-03-04', t) }),
    );
    // Delivered, but desk A died before it noted so: its rows are still pending here.
    await legacyPush(sharedUrl, a0.ctx.actor.device, nextBatch(a0.db, Date.now(), 1000));
    await a0.close();
    const shared = await client(sharedUrl);
    await shared.query(`INSERT INTO hub_reminder_claims (appointment_id, offset_min, due_at, desk_id, lease_until) VALUES ($1, 1440, 1, 'device-a', now())`, [visits[0]!.id]);
    await shared.end();
    const before = (await su.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM public.hub_changes`)).rows[0]!.n;
    const hubId = (await su.query<{ v: string }>(`SELECT value AS v FROM public.hub_meta WHERE key = 'hub_id'`)).rows[0]!.v;

    const admin = { url: superUrl, tls: 'disable' as const, ca: null };
    expect(await setUpHub(admin)).toEqual({ hubId, schemaVersion: HUB_SCHEMA_VERSION, previousVersion: 2, sharedUser: 'clinic_shared' });
    // Again: nothing to do, nothing changes.
    expect(await setUpHub(admin)).toMatchObject({ hubId, previousVersion: HUB_SCHEMA_VERSION, sharedUser: null });

    const count = async (t: string) => (await su.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM frontdesk.${t}`)).rows[0]!.n;
    expect(await count('hub_changes')).toBe(before);
    expect(await count('hub_receipts')).toBe(before);
    expect(await count('hub_appointments')).toBe(3);
    expect(await count('hub_reminder_claims')).toBe(1);
    expect((await su.query(`SELECT to_regclass('public.hub_changes') AS t`)).rows).toEqual([{ t: null }]);
    expect((await su.query(`SELECT name, legacy, role_name FROM frontdesk.hub_desks ORDER BY name`)).rows).toEqual([
      { name: 'Desk from before enrollment', legacy: true, role_name: null },
      { name: 'Desk from before enrollment', legacy: true, role_name: null },
      { name: 'Desk from before enrollment', legacy: true, role_name: null },
    ]);
    // The shared user no longer gets in.
    await expect(client(sharedUrl)).rejects.toMatchObject({ code: '42501' });

    // Desk A re-enrolls: its undelivered-looking rows are answered from the old receipts, and it goes on.
    const enroll = async (name: string) => connectionOf(decodeEnrollment((await enrollHubDesk(admin, { name, address: '' })).code)).url;
    const a = openDesk(aFile, await enroll('Desk A'));
    const b = openDesk(cloneDesk(template.file, dir, 'b'), await enroll('Desk B'));
    open.push(a, b);
    a.engine.start();
    await drain(a);
    expect(a.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'delivered' AND entity_type = 'appointment'`).pluck().get()).toBe(3);
    expect(await count('hub_changes')).toBe(before);
    const later = book(a.ctx, { patientId: f().patients.bob, providerId: f().providers.jones.id, locationId: f().main.id, typeId: f().types.checkup.id, startAt: localInstant('2025-03-04', '13:00') });
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 0, needsAttention: 0, conflicts: 0, problem: null });
    b.engine.start();
    await b.engine.cycle(10_000);
    for (const v of [...visits, later]) expect(b.db.prepare(`SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(v.id)).toBe(1);
    expect(
      (await su.query(`SELECT d.name FROM frontdesk.hub_changes c JOIN frontdesk.hub_desks d USING (desk_id) WHERE c.entity_id = $1`, [later.id])).rows,
    ).toEqual([{ name: 'Desk A' }]);
    await su.end();
  });
});
