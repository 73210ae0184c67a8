import pg from 'pg';
import { describe, expect, onTestFinished } from 'vitest';
import type { ProviderId, StaffId } from '@shared/domain/ids';
import { createDeskLock } from '@main/app/desk-lock';
import { createProvider, updateProvider } from '@main/core/clinic';
import { newId } from '@main/core/ids';
import { actingAs, createFirstManager, createStaff, deactivateStaff, findStaff, listStaff, updateStaff } from '@main/core/staff';
import { createLogger } from '@main/platform/logger';
import { listAttention } from '@main/sync/queue';
import { listUndone, settleUndone } from '@main/sync/undone';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import type { TestHub } from '../../helpers/postgres';
import { TEST_SECRET_COST } from '../../helpers/staff';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * What the clinic hub does not take does not stay on the desk that made it.
 * A staff change refused for who made it, or a set-up change from someone
 * whose role does not include it, is undone there: the desk shows the hub's
 * version again (a person or record the hub never had leaves it), a raised
 * role grants nothing once undone, and the manager reads what was undone and
 * why. Two desks changing one person from the same version: the first to reach
 * the hub wins at both, and the other's change waits to be made again.
 */
async function managerAt(d: Desk): Promise<StaffId> {
  const boss = await createFirstManager(d.ctx, { name: 'Bea Boss', secret: '700100' }, TEST_SECRET_COST);
  d.ctx.actor = actingAs(d.ctx.actor, boss.id);
  return boss.id;
}

const actAs = (d: Desk, id: string) => {
  d.ctx.actor = actingAs(d.ctx.actor, id as StaffId);
};

async function hubCopy(hub: TestHub, type: string, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await hubQuery<{ s: Record<string, unknown> }>(hub.superUrl, `SELECT snapshot AS s FROM frontdesk.hub_entities WHERE entity_type = $1 AND entity_id = $2`, [type, id]);
  return row?.s;
}

describe('changes the hub does not take are undone at the desk', () => {
  hubTest('offline, a role raised by a manager the hub has since deactivated counts until the hub refuses it; then it is undone and grants nothing', async ({ hub, deskA: a, deskB: b }) => {
    await managerAt(a);
    const noor = await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    const rita = await createStaff(a.ctx, { name: 'Rita Reception', role: 'reception', secret: '100001' }, TEST_SECRET_COST);
    await drain(a);
    await b.engine.cycle(5_000);
    await b.engine.stop();

    // Desk B is away from the hub: Noor raises Rita to manager there, and Rita signs in as one.
    actAs(b, noor.id);
    updateStaff(b.ctx, { staffId: rita.id as StaffId, role: 'manager' });
    expect(listStaff(b.ctx, { withHub: true }).find((p) => p.id === rita.id)).toMatchObject({ role: 'manager', awaitingHub: true });
    const lock = createDeskLock({ clock: b.ctx.clock, logger: createLogger({ write: () => undefined }), core: () => b.ctx, onChanged: () => undefined, secretCost: TEST_SECRET_COST });
    onTestFinished(() => lock.stop());
    expect((await lock.signIn({ staffId: rita.id, secret: '100001' })).permissions).toContain('staff.manage');

    // Meanwhile desk A deactivates Noor; desk B comes back.
    deactivateStaff(a.ctx, noor.id as StaffId);
    await drain(a);
    b.engine.start();
    await drain(b);

    expect(findStaff(b.db, rita.id)).toMatchObject({ role: 'reception', active: 1, version: 1 });
    expect(lock.person()).toMatchObject({ id: rita.id, role: 'reception' });
    expect(lock.session().permissions).not.toContain('staff.manage');
    expect(listStaff(b.ctx, { withHub: true }).find((p) => p.id === rita.id)).toMatchObject({ role: 'reception', awaitingHub: false });
    expect(listAttention(b.db)).toEqual([]);
    expect(listUndone(b.db)).toMatchObject([
      {
        entityType: 'staff',
        entityId: rita.id,
        kind: 'refused',
        canReapply: false,
        message:
          'A change to Rita Reception was undone. The clinic hub refused it: only an active manager known to the clinic hub may add people or change their role or access. Ask a manager to make this change. This desk shows this person as the clinic hub has them again.',
      },
    ]);
    expect(await hubCopy(hub, 'staff', rita.id)).toMatchObject({ role: 'reception', version: 1 });

    // Dismissed by whoever reads it, audited.
    settleUndone(b.ctx, listUndone(b.db)[0]!.id, 'dismissed');
    expect(listUndone(b.db)).toEqual([]);
    expect(b.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ? AND action LIKE 'sync.undone%' ORDER BY seq`).pluck().all(rita.id)).toEqual([
      'sync.undone',
      'sync.undone_dismissed',
    ]);
  });

  hubTest('one person changed at two desks from the same version: the hub’s first wins at both, the other is shown and can be made again', async ({ hub, deskA: a, deskB: b }) => {
    const bea = await managerAt(a);
    const rita = await createStaff(a.ctx, { name: 'Rita Reception', role: 'reception', secret: '100001' }, TEST_SECRET_COST);
    await drain(a);
    await b.engine.cycle(5_000);
    actAs(b, bea);
    await a.engine.stop();
    await b.engine.stop();

    updateStaff(a.ctx, { staffId: rita.id as StaffId, name: 'Rita Alvarez' });
    updateStaff(b.ctx, { staffId: rita.id as StaffId, name: 'Rita Brown', role: 'manager' });
    a.engine.start();
    await drain(a);
    b.engine.start();
    await drain(b);
    await a.engine.cycle(5_000);

    // Desk A's change reached the hub first: both desks show it; desk B's is not lost.
    for (const d of [a, b]) expect(findStaff(d.db, rita.id)).toMatchObject({ name: 'Rita Alvarez', role: 'reception', version: 2 });
    expect(await hubCopy(hub, 'staff', rita.id)).toMatchObject({ name: 'Rita Alvarez', role: 'reception', version: 2 });
    const [undone] = listUndone(b.db);
    expect(undone).toMatchObject({
      entityId: rita.id,
      kind: 'overtaken',
      canReapply: true,
      message: 'Your change to Rita Brown was not taken: another desk changed this person first. This desk now shows the clinic’s version; re-apply your change if it is still wanted.',
    });
    expect(listUndone(a.db)).toEqual([]);
    expect(listAttention(b.db)).toEqual([]);

    // The manager at desk B makes it again, on top of the clinic's version; desk A receives it.
    settleUndone(b.ctx, undone!.id, 'reapplied');
    await drain(b);
    await a.engine.cycle(5_000);
    for (const d of [a, b]) expect(findStaff(d.db, rita.id)).toMatchObject({ name: 'Rita Brown', role: 'manager', version: 3 });
    expect(listUndone(b.db)).toEqual([]);
    expect(listAttention(b.db)).toEqual([]);
  });

  hubTest('a hostile desk calling the hub with its own role cannot change the set-up for a receptionist, nobody, or a stranger', async ({ hub, clinic, deskA: a }) => {
    const bea = await managerAt(a);
    const rita = await createStaff(a.ctx, { name: 'Rita Reception', role: 'reception', secret: '100001' }, TEST_SECRET_COST);
    await drain(a);
    const c = new pg.Client({ connectionString: await hub.enroll('hostile') });
    c.on('error', () => undefined);
    await c.connect();
    onTestFinished(() => c.end());
    type Answer = { outcome: string; reason?: string; hub?: { snapshot: Record<string, unknown>; removed: boolean } | null };
    const push = async (entityType: string, operation: string, payload: Record<string, unknown>): Promise<Answer> => {
      const ch = { key: newId(), entityType, entityId: payload.id, operation, payload };
      return (await c.query<{ r: Answer[] }>('SELECT frontdesk_api.push($1::jsonb) AS r', [JSON.stringify([ch])])).rows[0]!.r[0]!;
    };
    const smith = clinic.providers.smith.id;
    const provider = (await hubCopy(hub, 'provider', smith))!;
    const renamed = { ...provider, name: 'Dr Evil' };

    expect(await push('provider', 'provider.update', { ...renamed, changedBy: rita.id })).toMatchObject({
      outcome: 'refused',
      reason: 'not_permitted',
      hub: { snapshot: { name: provider.name }, removed: false },
    });
    for (const changedBy of [null, newId(), 42]) {
      expect(await push('provider', 'provider.update', { ...renamed, changedBy })).toMatchObject({ outcome: 'refused' });
    }
    expect(await push('provider', 'provider.update', { ...renamed, changedBy: newId() })).toMatchObject({ reason: 'not_staff' });
    const created = { ...provider, id: newId(), name: 'Dr Nobody', changedBy: rita.id };
    expect(await push('provider', 'provider.create', created)).toMatchObject({ outcome: 'refused', reason: 'not_permitted', hub: null });
    expect(await hubCopy(hub, 'provider', smith)).toMatchObject({ name: provider.name });
    expect(await hubCopy(hub, 'provider', created.id)).toBeUndefined();

    // Blocked time is a receptionist's work (as at the desk); a deactivated manager's set-up change is not taken.
    const blockout = { id: newId(), providerId: smith, roomId: null, startAt: Date.UTC(2025, 2, 4, 15), endAt: Date.UTC(2025, 2, 4, 16) };
    expect(await push('blockout', 'blockout.create', { ...blockout, changedBy: rita.id })).toMatchObject({ outcome: 'applied' });
    expect(await push('blockout', 'blockout.update', { ...blockout, endAt: blockout.endAt + 60_000, changedBy: null })).toMatchObject({ reason: 'not_staff' });
    expect(await push('provider', 'provider.update', { ...renamed, name: 'Dr Smith-Jones', changedBy: bea })).toMatchObject({ outcome: 'applied' });
    const noor = await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    deactivateStaff(a.ctx, noor.id as StaffId);
    await drain(a);
    expect(await push('provider', 'provider.update', { ...renamed, changedBy: noor.id })).toMatchObject({ reason: 'not_staff' });
    expect(await hubCopy(hub, 'provider', smith)).toMatchObject({ name: 'Dr Smith-Jones' });
  });

  hubTest('offline set-up changes by a manager the hub has since deactivated are undone: the hub’s provider back, the new one gone', async ({ hub, clinic, deskA: a, deskB: b }) => {
    await managerAt(a);
    const noor = await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    await drain(a);
    await b.engine.cycle(5_000);
    await b.engine.stop();
    actAs(b, noor.id);
    const smith = clinic.providers.smith;
    updateProvider(b.ctx, { id: smith.id as ProviderId, name: 'Dr Smith (desk B)' });
    updateProvider(b.ctx, { id: smith.id as ProviderId, colour: '#123456' });
    const added = createProvider(b.ctx, { name: 'Dr New', colour: '#abcdef', zone: 'America/New_York' });
    // The author travels with each set-up change.
    expect(b.db.prepare(`SELECT json_extract(payload, '$.changedBy') FROM outbox WHERE entity_type = 'provider' AND state = 'pending'`).pluck().all()).toEqual([noor.id, noor.id, noor.id]);

    deactivateStaff(a.ctx, noor.id as StaffId);
    await drain(a);
    b.engine.start();
    await drain(b);

    const row = (id: string) => b.db.prepare(`SELECT name, colour FROM providers WHERE id = ?`).get(id);
    const atHub = (await hubCopy(hub, 'provider', smith.id))!;
    expect(row(smith.id)).toEqual({ name: atHub.name, colour: atHub.colour });
    expect(row(added.id)).toBeUndefined();
    expect(listUndone(b.db).map((u) => [u.entityId, u.kind, u.message])).toEqual([
      [
        added.id,
        'refused',
        'A change to the provider “Dr New” was undone. The clinic hub refused it: only a person signed in with an active staff account known to the clinic hub may change the clinic set-up. The provider “Dr New” was removed from this desk, because the clinic hub never had it.',
      ],
      [
        smith.id,
        'refused',
        'A change to the provider “Dr Smith (desk B)” was undone. The clinic hub refused it: only a person signed in with an active staff account known to the clinic hub may change the clinic set-up. This desk shows it as the clinic hub has it again. A later change of it made here was undone with it.',
      ],
    ]);
    expect(listAttention(b.db)).toEqual([]);
  });
});
