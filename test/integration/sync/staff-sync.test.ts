import { describe, expect } from 'vitest';
import type { StaffId } from '@shared/domain/ids';
import { actingAs, createFirstManager, createStaff, deactivateStaff, signInScreen, verifySignIn } from '@main/core/staff';
import { readSyncStatus } from '@main/sync/status';
import { expectAppErrorAsync } from '../../helpers/expect-error';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import { TEST_SECRET_COST } from '../../helpers/staff';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * Staff accounts through a real PostgreSQL hub, each desk under its own
 * enrolled role: a manager added at one desk signs in at another with the
 * same PIN (the salted verifier travels, the PIN never does), and a
 * deactivation reaches the other desk. The hub checks a staff change's shape
 * like any other record's and refuses one that carries a PIN.
 */
/** The clinic's first manager, made at this desk, who then acts there (the hub takes staff changes from its managers only). */
async function managerAt(d: Desk): Promise<void> {
  const boss = await createFirstManager(d.ctx, { name: 'Bea Boss', secret: '700100' }, TEST_SECRET_COST);
  d.ctx.actor = actingAs(d.ctx.actor, boss.id);
}

describe('staff accounts through the hub', () => {
  hubTest('a manager created on desk A signs in on desk B after sync; a deactivation on A reaches B', async ({ hub, deskA: a, deskB: b }) => {
    await managerAt(a);
    const mia = await createStaff(a.ctx, { name: 'Mia Moreno', role: 'manager', secret: '482913' }, TEST_SECRET_COST);
    await drain(a);
    expect(readSyncStatus(a.db)).toMatchObject({ pending: 0, needsAttention: 0 });
    // The hub holds the verifier, never the PIN.
    const [logged] = await hubQuery<{ operation: string; payload: string }>(
      hub.superUrl,
      `SELECT operation, payload::text FROM frontdesk.hub_changes WHERE entity_type = 'staff' AND entity_id = $1`,
      [mia.id],
    );
    expect(logged!.operation).toBe('staff.create');
    expect(logged!.payload).not.toContain('482913');
    expect(JSON.parse(logged!.payload)).toMatchObject({ id: mia.id, role: 'manager', verifier: { algo: 'scrypt' } });

    await b.engine.cycle(5_000);
    expect(signInScreen(b.db, b.ctx.clock.now(), false).people.map((p) => p.name)).toContain('Mia Moreno');
    await expectAppErrorAsync(verifySignIn(b.ctx, { staffId: mia.id, secret: '000000' }), 'FORBIDDEN');
    expect((await verifySignIn(b.ctx, { staffId: mia.id, secret: '482913' })).role).toBe('manager');

    // A second manager, so the clinic keeps one when Mia is deactivated.
    await createStaff(a.ctx, { name: 'Noor Nakamura', role: 'manager', secret: '551177' }, TEST_SECRET_COST);
    deactivateStaff(a.ctx, mia.id as StaffId);
    await drain(a);
    await b.engine.cycle(5_000);
    expect(signInScreen(b.db, b.ctx.clock.now(), false).people.map((p) => p.name)).toEqual(expect.not.arrayContaining(['Mia Moreno']));
    await expectAppErrorAsync(verifySignIn(b.ctx, { staffId: mia.id, secret: '482913' }), 'NOT_FOUND');
    expect(readSyncStatus(b.db)).toMatchObject({ needsAttention: 0 });
    expect(b.db.prepare(`SELECT COUNT(*) FROM sync_quarantine`).pluck().get()).toBe(0);
  });

  hubTest('the hub refuses a staff change that carries a PIN or a verifier that is not a salted scrypt hash', async ({ hub, deskA: a }) => {
    await managerAt(a);
    const mia = await createStaff(a.ctx, { name: 'Mia Moreno', role: 'manager', secret: '482913' }, TEST_SECRET_COST);
    await drain(a);
    const row = a.db.prepare(`SELECT payload FROM outbox WHERE entity_type = 'staff' AND entity_id = ?`).pluck().get(mia.id) as string;
    const good = JSON.parse(row) as Record<string, unknown>;
    const push = async (payload: Record<string, unknown>) => {
      const [out] = await hubQuery<{ r: Array<{ outcome: string; field?: string }> }>(
        await hub.enroll('probe'),
        `SELECT frontdesk_api.push($1::jsonb) AS r`,
        [JSON.stringify([{ key: crypto.randomUUID(), entityType: 'staff', entityId: mia.id, operation: 'staff.update', payload }])],
      );
      return out!.r[0]!;
    };
    expect(await push({ ...good, pin: '482913' })).toMatchObject({ outcome: 'refused', field: 'secret' });
    expect(await push({ ...good, verifier: { algo: 'plain', hash: '482913' } })).toMatchObject({ outcome: 'refused', field: 'verifier' });
    expect(await push({ ...good, verifier: { ...(good.verifier as object), secret: '482913' } })).toMatchObject({ outcome: 'refused', field: 'verifier' });
    expect(await push({ ...good, role: 'owner' })).toMatchObject({ outcome: 'refused', field: 'role' });
    expect(await push({ ...good, version: 2, baseVersion: 1 })).toMatchObject({ outcome: 'applied' });
  });
});
