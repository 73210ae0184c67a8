import { refusalOf } from '../../../helpers/expect-error';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffId } from '@shared/domain/ids';
import { newSecret } from '@shared/schemas/staff';
import { readSetting, writeSetting } from '@main/core/clinic/settings';
import {
  applyRemoteStaff,
  type RemoteStaff,
  changeOwnSecret,
  createFirstManager,
  createStaff,
  deactivateStaff,
  listStaff,
  reactivateStaff,
  resetStaffSecret,
  signInScreen,
  updateStaff,
  verifySignIn,
} from '@main/core/staff';
import { makeVerifier } from '@main/core/staff/verifier';
import { verifyAuditChain } from '@main/core/audit';
import { DESK_PASSCODE_SETTING } from '@main/core/staff/sign-in';
import { testContext, type TestContext } from '../../../helpers/clinic-fixture';
import { addTestStaff, TEST_SECRET_COST, TEST_STAFF } from '../../../helpers/staff';
import { openTempDb } from '../../../helpers/tempdb';

let temp: ReturnType<typeof openTempDb>;
let ctx: TestContext;
let ids: { manager: StaffId; reception: StaffId };

const refusal = refusalOf;

const asManager = (): TestContext => ({ ...ctx, actor: { user: ids.manager, staffId: ids.manager, device: 'test-device' } });

beforeEach(() => {
  temp = openTempDb();
  ctx = testContext(temp.db);
  ids = addTestStaff(ctx);
});

afterEach(() => temp.cleanup());

describe('staff accounts', () => {
  it('takes a PIN of 6+ digits or a passphrase of 10+ characters', () => {
    expect(newSecret.safeParse('123456').success).toBe(true);
    expect(newSecret.safeParse('12345').success).toBe(false);
    expect(newSecret.safeParse('ten chars!').success).toBe(true);
    expect(newSecret.safeParse('nine char').success).toBe(false);
    expect(newSecret.safeParse('          ').success).toBe(false);
  });

  it('creates a person with a verifier only: the PIN is nowhere in the database, and the hub gets a staff change', async () => {
    const dto = await createStaff(asManager(), { name: 'Nora New', role: 'reception', secret: '246810' }, TEST_SECRET_COST);
    expect(dto).toMatchObject({ name: 'Nora New', role: 'reception', active: true, secretKind: 'pin', retryAt: null });
    const everything = JSON.stringify(temp.db.prepare(`SELECT * FROM staff`).all()) + JSON.stringify(temp.db.prepare(`SELECT * FROM audit_log`).all());
    expect(everything).not.toContain('246810');
    const outbox = temp.db.prepare(`SELECT entity_type, operation, payload FROM outbox WHERE entity_id = ?`).get(dto.id) as {
      entity_type: string;
      operation: string;
      payload: string;
    };
    expect(outbox).toMatchObject({ entity_type: 'staff', operation: 'staff.create' });
    expect(JSON.parse(outbox.payload)).toMatchObject({ id: dto.id, role: 'reception', active: true, verifier: { algo: 'scrypt' }, changedBy: ids.manager });
    const audit = temp.db.prepare(`SELECT staff_id, device FROM audit_log WHERE action = 'staff.create' AND entity_id = ?`).get(dto.id);
    expect(audit).toEqual({ staff_id: ids.manager, device: 'test-device' });
  });

  it('refuses a second active person with the same name (any case or spacing)', async () => {
    const r = await refusal(() => createStaff(asManager(), { name: '  rita   RECEPTION ', role: 'reception', secret: '246810' }, TEST_SECRET_COST));
    expect(r.code).toBe('CONFLICT');
    expect(listStaff(ctx)).toHaveLength(2);
  });

  it('never loses the last active manager: not deactivated, not demoted, nobody deactivates themself', async () => {
    expect(await refusal(() => deactivateStaff(ctx, ids.manager))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusal(() => updateStaff(ctx, { staffId: ids.manager, role: 'reception' }))).toMatchObject({ code: 'CONFLICT' });
    const second = await createStaff(asManager(), { name: 'Max Manager', role: 'manager', secret: '555555' }, TEST_SECRET_COST);
    expect(await refusal(() => deactivateStaff(asManager(), ids.manager))).toMatchObject({
      code: 'CONFLICT',
      message: 'You cannot deactivate yourself. Ask another manager to do it.',
    });
    expect(deactivateStaff(asManager(), second.id)).toMatchObject({ active: false });
    expect(signInScreen(temp.db, ctx.clock.now(), false).people.map((p) => p.name)).toEqual(['Mia Manager', 'Rita Reception']);
    expect(reactivateStaff(asManager(), second.id)).toMatchObject({ active: true, deactivatedAt: null });
  });

  it('signs in with the right PIN only; a deactivated person cannot', async () => {
    expect(await verifySignIn(ctx, { staffId: ids.reception, secret: TEST_STAFF.reception.pin })).toMatchObject({ id: ids.reception });
    expect(await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: '000000' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'That PIN is not right. 4 more tries before a 30-second wait.',
    });
    deactivateStaff(asManager(), ids.reception);
    expect(await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: TEST_STAFF.reception.pin }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('locks a person out after 5 wrong tries, each further wait doubling; a reset by a manager clears it', async () => {
    for (let i = 0; i < 4; i++) await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: '000000' }));
    expect(await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: '000000' }))).toMatchObject({ code: 'LOCKED', details: { secondsLeft: 30 } });
    // Even the right PIN waits.
    expect(await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: TEST_STAFF.reception.pin }))).toMatchObject({ code: 'LOCKED' });
    expect(listStaff(ctx).find((s) => s.id === ids.reception)!.retryAt).toBe(ctx.clock.now() + 30_000);
    ctx.clock.advance(30_000);
    for (let i = 0; i < 4; i++) await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: '000000' }));
    expect(await refusal(() => verifySignIn(ctx, { staffId: ids.reception, secret: '000000' }))).toMatchObject({ code: 'LOCKED', details: { secondsLeft: 60 } });
    // Other people are not affected.
    expect(await verifySignIn(ctx, { staffId: ids.manager, secret: TEST_STAFF.manager.pin })).toMatchObject({ id: ids.manager });
    await resetStaffSecret(asManager(), { staffId: ids.reception, secret: '777777' }, TEST_SECRET_COST);
    expect(await verifySignIn(ctx, { staffId: ids.reception, secret: '777777' })).toMatchObject({ id: ids.reception });
  });

  it('never shuts the last active manager out for long: their waits stay at the first one', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await refusal(() => verifySignIn(ctx, { staffId: ids.manager, secret: '000000' }));
      expect(await refusal(() => verifySignIn(ctx, { staffId: ids.manager, secret: '000000' }))).toMatchObject({ details: { secondsLeft: 30 } });
      ctx.clock.advance(30_000);
    }
    expect(await verifySignIn(ctx, { staffId: ids.manager, secret: TEST_STAFF.manager.pin })).toMatchObject({ id: ids.manager });
  });

  it('changing one’s own PIN needs the current one', async () => {
    expect(await refusal(() => changeOwnSecret(ctx, ids.reception, { current: '000000', secret: '868686' }, TEST_SECRET_COST))).toMatchObject({
      code: 'FORBIDDEN',
    });
    await changeOwnSecret(ctx, ids.reception, { current: TEST_STAFF.reception.pin, secret: 'a long passphrase' }, TEST_SECRET_COST);
    expect(listStaff(ctx).find((s) => s.id === ids.reception)!.secretKind).toBe('passphrase');
    expect(await verifySignIn(ctx, { staffId: ids.reception, secret: 'a long passphrase' })).toMatchObject({ id: ids.reception });
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: true });
  });
});

describe('the first manager', () => {
  beforeEach(() => {
    temp.cleanup();
    temp = openTempDb();
    ctx = testContext(temp.db);
  });

  it('is asked for on a clinic without one, created once, and signed in', async () => {
    expect(signInScreen(temp.db, ctx.clock.now(), false)).toEqual({ people: [], needsFirstManager: true, firstManagerNeedsDeskPasscode: false });
    const row = await createFirstManager(ctx, { name: 'Ada Byrne', secret: '135790' }, TEST_SECRET_COST);
    expect(row).toMatchObject({ name: 'Ada Byrne', role: 'manager', active: 1 });
    expect(signInScreen(temp.db, ctx.clock.now(), false).needsFirstManager).toBe(false);
    expect(await refusal(() => createFirstManager(ctx, { name: 'Eve Other', secret: '135790' }, TEST_SECRET_COST))).toMatchObject({ code: 'CONFLICT' });
  });

  it('on a desk upgraded from the desk passcode: needs that passcode, counts wrong tries, then retires it', async () => {
    writeSetting(temp.db, DESK_PASSCODE_SETTING, await makeVerifier('4711', TEST_SECRET_COST));
    expect(signInScreen(temp.db, ctx.clock.now(), false).firstManagerNeedsDeskPasscode).toBe(true);
    expect(await refusal(() => createFirstManager(ctx, { name: 'Ada Byrne', secret: '135790' }, TEST_SECRET_COST))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(() => createFirstManager(ctx, { name: 'Ada Byrne', secret: '135790', deskPasscode: '1234' }, TEST_SECRET_COST))).toMatchObject({
      code: 'FORBIDDEN',
      details: { triesLeft: 4 },
    });
    expect(listStaff(ctx)).toEqual([]);
    await createFirstManager(ctx, { name: 'Ada Byrne', secret: '135790', deskPasscode: '4711' }, TEST_SECRET_COST);
    expect(readSetting(temp.db, DESK_PASSCODE_SETTING)).toBeUndefined();
    expect(listStaff(ctx)).toHaveLength(1);
  });
});

describe('staff from other desks (through the clinic hub)', () => {
  it('applies a newer staff row from the outbox payload; the person signs in here; older ones are ignored; a same-named person stays apart', async () => {
    const dto = await createStaff(asManager(), { name: 'Nora New', role: 'reception', secret: '246810' }, TEST_SECRET_COST);
    const payloads = () =>
      (temp.db.prepare(`SELECT payload FROM outbox WHERE entity_type = 'staff' AND entity_id = ? ORDER BY seq`).pluck().all(dto.id) as string[]).map(
        (p) => JSON.parse(p) as RemoteStaff,
      );
    updateStaff(asManager(), { staffId: dto.id, role: 'manager' });
    const [created, promoted] = payloads();

    const other = openTempDb();
    try {
      const there = testContext(other.db);
      addTestStaff(there);
      expect(applyRemoteStaff(other.db, created!)).toBe(true);
      expect(await verifySignIn(there, { staffId: dto.id, secret: '246810' })).toMatchObject({ id: dto.id, role: 'reception' });
      expect(applyRemoteStaff(other.db, promoted!)).toBe(true);
      expect(applyRemoteStaff(other.db, created!)).toBe(false);
      expect(listStaff(there).find((s) => s.id === dto.id)).toMatchObject({ role: 'manager' });
      // Someone else at that desk with the same name meanwhile.
      const twin = { ...created!, id: 'remote-twin-0042', name: 'Rita Reception', version: 1 };
      expect(applyRemoteStaff(other.db, twin)).toBe(true);
      expect(listStaff(there).map((s) => s.name)).toContain('Rita Reception (0042)');
    } finally {
      other.cleanup();
    }
  });
});
