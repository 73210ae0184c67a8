import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StaffId } from '@shared/domain/ids';
import { book } from '@main/core/booking';
import { newId } from '@main/core/ids';
import { actingAs, changeOwnSecret, createFirstManager, createStaff, deactivateStaff, findStaff, updateStaff } from '@main/core/staff';
import { listAttention } from '@main/sync/queue';
import { listUndone } from '@main/sync/undone';
import { readSyncStatus } from '@main/sync/status';
import { localInstant } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';
import { TEST_SECRET_COST } from '../../helpers/staff';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk } from '../../helpers/sync-desk';

/**
 * The hub holds every desk to the clinic's own list of people: a staff change
 * goes through only when its author is an active manager the hub knows, a
 * person changing their own PIN, or the clinic's very first manager. A
 * hostile desk calling the hub's functions with its own role cannot enrol its
 * own manager or raise anyone's role; an honest desk whose change the hub
 * refuses goes back to the hub's version and says so in plain words.
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];
const clients: pg.Client[] = [];
let n = 0;

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-staff-authority-'));
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

async function clinic() {
  const hub = await pgServer.createHub(`staffauth${++n}`);
  await seedHub(template.file, dir, await hub.enroll('Seed desk'));
  const desk = async (name: string) => {
    const url = await hub.enroll(name);
    const d = openDesk(cloneDesk(template.file, dir, `${name}${n}`), url);
    open.push(d);
    return { d, url };
  };
  return { hub, desk };
}

/** Acts at the desk as this person from now on (as signing in does). */
function signedIn(d: Desk, staffId: string): void {
  d.ctx.actor = actingAs(d.ctx.actor, staffId as StaffId);
}

/** The clinic's first manager, made at this desk and taken by the hub. */
async function firstManager(d: Desk, name = 'Mia Moreno'): Promise<StaffId> {
  const mia = await createFirstManager(d.ctx, { name, secret: '482913' }, TEST_SECRET_COST);
  signedIn(d, mia.id);
  return mia.id;
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

type Answer = { outcome: string; reason?: string; field?: string };
/** Each change in a batch of its own (a batch holds back a record's later changes after one was refused). */
async function push(c: pg.Client, changes: unknown[]): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const ch of changes) out.push(...(await c.query<{ r: Answer[] }>('SELECT frontdesk_api.push($1::jsonb) AS r', [JSON.stringify([ch])])).rows[0]!.r);
  return out;
}

/** A staff row as the hub last took it. */
async function hubStaff(hub: TestHub, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await hubQuery<{ s: Record<string, unknown> }>(hub.superUrl, `SELECT snapshot AS s FROM frontdesk.hub_entities WHERE entity_type = 'staff' AND entity_id = $1`, [id]);
  return row?.s;
}

/** A desk's own staff change from its outbox, as it was sent. */
function sent(d: Desk, id: string, operation: string): Record<string, unknown> {
  return JSON.parse(
    d.db.prepare(`SELECT payload FROM outbox WHERE entity_type = 'staff' AND entity_id = ? AND operation = ? ORDER BY seq DESC`).pluck().get(id, operation) as string,
  ) as Record<string, unknown>;
}

const change = (operation: string, payload: Record<string, unknown>) => ({ key: newId(), entityType: 'staff', entityId: payload.id, operation, payload });

describe('staff changes at the clinic hub', () => {
  it('a hostile desk calling the hub with its own role cannot enrol a manager or raise a role; a manager’s change and one’s own PIN go through', async () => {
    const { hub, desk } = await clinic();
    const { d: a } = await desk('a');
    const { url: hostileUrl } = await desk('hostile');
    const mia = await firstManager(a);
    const rita = await createStaff(a.ctx, { name: 'Rita Reception', role: 'reception', secret: '100001' }, TEST_SECRET_COST);
    const noor = await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    a.engine.start();
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 0, needsAttention: 0 });
    expect(await hubStaff(hub, mia)).toMatchObject({ role: 'manager', active: true });

    const attacker = await connect(hostileUrl);
    // Made on the hub's version of Rita (1), as an up-to-date desk would.
    const ritaRow = { ...sent(a, rita.id, 'staff.create'), baseVersion: 1 };
    const forged = { ...sent(a, noor.id, 'staff.create'), id: newId(), name: 'Eve Intruder', version: 1 };
    const answers = await push(attacker, [
      // Its own manager account, made by nobody, by a receptionist, by someone the hub never heard of.
      change('staff.create', { ...forged, changedBy: null }),
      change('staff.create', { ...forged, changedBy: rita.id }),
      change('staff.create', { ...forged, changedBy: newId() }),
      // A second "first manager" once the clinic has one.
      change('staff.first_manager', { ...forged, changedBy: null }),
      // The receptionist raised to manager, by herself, with her own PIN change as cover.
      change('staff.update', { ...ritaRow, role: 'manager', version: 2, changedBy: rita.id }),
      change('staff.secret_change', { ...ritaRow, role: 'manager', version: 2, changedBy: rita.id }),
      // A manager deactivated, or her sign-in check replaced, by a receptionist.
      change('staff.deactivate', { ...sent(a, noor.id, 'staff.create'), active: false, deactivatedAt: 1, version: 2, changedBy: rita.id }),
      change('staff.secret_reset', { ...sent(a, mia, 'staff.first_manager'), version: 2, changedBy: rita.id }),
    ]);
    expect(answers.map((x) => [x.outcome, x.reason])).toEqual([
      ['refused', 'not_manager'],
      ['refused', 'not_manager'],
      ['refused', 'not_manager'],
      ['refused', 'has_manager'],
      ['refused', 'not_manager'],
      ['refused', 'not_manager'],
      ['refused', 'not_manager'],
      ['refused', 'not_manager'],
    ]);
    expect(await hubStaff(hub, forged.id as string)).toBeUndefined();
    expect(await hubStaff(hub, rita.id)).toMatchObject({ role: 'reception', version: 1 });
    expect(await hubStaff(hub, noor.id)).toMatchObject({ role: 'manager', active: true });

    // What the hub does take: a person's own PIN change, leaving everything else as it was …
    expect(await push(attacker, [change('staff.secret_change', { ...ritaRow, version: 2, changedBy: rita.id })])).toMatchObject([{ outcome: 'applied' }]);
    // … and a change by an active manager (the hub cannot see who sat at the desk; it holds the desk to the clinic's list).
    expect(await push(attacker, [change('staff.update', { ...ritaRow, name: 'Rita R.', version: 3, baseVersion: 2, changedBy: noor.id })])).toMatchObject([{ outcome: 'applied' }]);

    // A manager deactivated at the hub changes nothing more.
    deactivateStaff(a.ctx, noor.id as StaffId);
    await drain(a);
    expect(await push(attacker, [change('staff.update', { ...ritaRow, name: 'Rita Again', version: 4, baseVersion: 3, changedBy: noor.id })])).toMatchObject([
      { outcome: 'refused', reason: 'not_manager' },
    ]);
    // Nothing the attacker tried reached the change log as a staff change of its own, beyond the two allowed ones.
    const logged = await hubQuery<{ op: string; desk: string }>(
      hub.superUrl,
      `SELECT c.operation AS op, d.name AS desk FROM frontdesk.hub_changes c JOIN frontdesk.hub_desks d USING (desk_id) WHERE c.entity_type = 'staff' AND d.name = 'hostile' ORDER BY c.seq`,
    );
    expect(logged).toEqual([
      { op: 'staff.secret_change', desk: 'hostile' },
      { op: 'staff.update', desk: 'hostile' },
    ]);
  });

  it('an honest desk’s refused staff change is undone there, in plain words, and the rest of its queue flows', async () => {
    const { hub, desk } = await clinic();
    const { d: a } = await desk('a');
    const { d: b } = await desk('b');
    const mia = await firstManager(a);
    const noor = await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    a.engine.start();
    await drain(a);
    b.engine.start();
    await b.engine.cycle(5_000);
    await b.engine.stop();

    // Away from the hub, Noor (still a manager on desk B) adds someone and raises her to manager,
    // while at desk A Mia deactivates Noor.
    signedIn(b, noor.id);
    const lee = await createStaff(b.ctx, { name: 'Lee Lo', role: 'reception', secret: '700007' }, TEST_SECRET_COST);
    updateStaff(b.ctx, { staffId: lee.id as StaffId, role: 'manager' });
    await changeOwnSecret(b.ctx, noor.id as StaffId, { current: '551177', secret: '551188' }, TEST_SECRET_COST);
    const visit = book(b.ctx, {
      patientId: template.fixture.patients.ann,
      providerId: template.fixture.providers.smith.id,
      locationId: template.fixture.main.id,
      typeId: template.fixture.types.checkup.id,
      startAt: localInstant('2025-03-04', '10:00'),
    });
    deactivateStaff(a.ctx, noor.id as StaffId);
    await drain(a);

    // And desk C, set up on its own, made a first manager of its own before joining.
    const { d: c } = await desk('c');
    const own = await firstManager(c, 'Cy Solo');

    b.engine.start();
    await drain(b);
    // Lee, whom the hub never took, has left desk B (with her later role change); Noor is as the hub has her.
    expect(findStaff(b.db, lee.id)).toBeUndefined();
    expect(findStaff(b.db, noor.id)).toMatchObject({ active: 0, role: 'manager' });
    expect(listAttention(b.db)).toEqual([]);
    expect(listUndone(b.db).map((u) => [u.entityId, u.kind, u.message])).toEqual([
      [
        noor.id,
        'refused',
        'A change to Noor Nakamura was undone. The clinic hub refused it: only an active manager known to the clinic hub may add people or change their role or access. Ask a manager to make this change. This desk shows this person as the clinic hub has them again.',
      ],
      [
        lee.id,
        'refused',
        'A change to Lee Lo was undone. The clinic hub refused it: only an active manager known to the clinic hub may add people or change their role or access. Ask a manager to make this change. Lee Lo was removed from this desk, because the clinic hub never had it. A later change of it made here was undone with it.',
      ],
    ]);
    expect(b.db.prepare(`SELECT state FROM outbox WHERE entity_id = ? ORDER BY seq`).pluck().all(lee.id)).toEqual(['resolved', 'resolved']);
    expect(await hubStaff(hub, lee.id)).toBeUndefined();
    expect(await hubStaff(hub, noor.id)).toMatchObject({ active: false });
    expect(await hubQuery(hub.superUrl, `SELECT id FROM frontdesk.hub_appointments`)).toEqual([{ id: visit.id }]);
    // Undone here, audited as the desk's own work.
    expect(b.db.prepare(`SELECT entity_id FROM audit_log WHERE action = 'sync.undone' ORDER BY seq`).pluck().all()).toEqual([lee.id, noor.id]);

    c.engine.start();
    await drain(c);
    expect(listUndone(c.db).map((u) => [u.entityId, u.message])).toEqual([
      [
        own,
        'A change to Cy Solo was undone. The clinic hub refused it: the clinic already has a manager, so a first manager made at this desk is not taken. Ask a manager to add this person. Cy Solo was removed from this desk, because the clinic hub never had it.',
      ],
    ]);
    // Desk C now has the clinic's people, and its own would-be manager signs in nowhere.
    expect(findStaff(c.db, own)).toBeUndefined();
    expect(findStaff(c.db, mia)).toMatchObject({ role: 'manager', active: 1 });
    expect(await hubStaff(hub, own)).toBeUndefined();
    expect(await hubStaff(hub, mia)).toMatchObject({ role: 'manager', active: true });
  });
});
