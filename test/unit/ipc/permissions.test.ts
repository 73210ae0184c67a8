import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract } from '@shared/contract';
import type { StaffId } from '@shared/domain/ids';
import { roleMay } from '@shared/domain/permissions';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import type { WriteDb } from '@main/core/db/open';
import { openDatabase } from '@main/core/db/open';
import { createAppHandlerTable } from '@main/ipc/app-table';
import type { HandlerTable } from '@main/ipc/handler-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { buildClinic, NOW } from '../../helpers/clinic-fixture';
import { addTestStaff, TEST_SECRET_COST, TEST_STAFF } from '../../helpers/staff';
import { tempDbFile } from '../../helpers/tempdb';

/**
 * Permissions are enforced in main, in the handler table, from each channel's
 * own declaration: nobody signed in gets LOCKED for everything but the start
 * and lock screens; a receptionist gets FORBIDDEN for every manager-only
 * channel, with the database unchanged but for one audit row per refusal.
 */
const caller = { id: 'test:1' };
let temp: ReturnType<typeof tempDbFile>;
let services: AppServices;
let table: HandlerTable;
let staff: { manager: StaffId; reception: StaffId };

beforeEach(async () => {
  temp = tempDbFile();
  const db = openDatabase(temp.file);
  const f = buildClinic(db);
  staff = addTestStaff(f.ctx);
  db.close();
  services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'front-desk',
    demo: null,
    secretCost: TEST_SECRET_COST,
    updates: () => updatesNotAvailableHere('not here'),
  });
  await services.started();
  table = createAppHandlerTable(services);
});

afterEach(async () => {
  await services.close();
  temp.cleanup();
});

/** Every table's rows, hashed; audit rows of refused calls apart (a refusal is recorded, nothing else changes). */
function dump(db: WriteDb): string {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const hash = createHash('sha256');
  for (const t of tables) {
    const where = t === 'audit_log' ? ` WHERE action <> 'access.refused'` : '';
    hash.update(t).update(JSON.stringify(db.prepare(`SELECT * FROM "${t}"${where}`).raw(true).all()));
  }
  return hash.digest('hex');
}

const signIn = (who: 'manager' | 'reception') => table.invoke('sign-in/sign-in', { staffId: staff[who], secret: TEST_STAFF[who].pin }, caller);

describe('permissions at the handler table', () => {
  it('with nobody signed in, only channels declared whileLocked answer; the rest are LOCKED', async () => {
    for (const channel of CHANNEL_NAMES) {
      const r = await table.invoke(channel, {}, caller);
      if (contract[channel].access.whileLocked) expect(r.ok || r.error.details?.deskLocked !== true, channel).toBe(true);
      else expect(r, channel).toMatchObject({ ok: false, error: { code: 'LOCKED', details: { deskLocked: true } } });
    }
  });

  it('a receptionist gets FORBIDDEN from every manager-only channel, the database unchanged, each refusal audited', async () => {
    expect(await signIn('reception')).toMatchObject({ ok: true, data: { person: { role: 'reception' } } });
    const db = services.core().db;
    const before = dump(db);
    const managerOnly = CHANNEL_NAMES.filter((c) => !roleMay('reception', contract[c].access.permission));
    expect(managerOnly).toEqual(expect.arrayContaining(['staff/create', 'exports/run', 'reports/run', 'import/run', 'audit/query', 'app/reset-demo', 'sync/set-hub-settings', 'clinic/create-location', 'clinic/update-settings', 'reminders/update-delivery-settings', 'provider-calendars/save']));
    for (const channel of managerOnly) {
      // Even a well-formed input never reaches the handler.
      const input = channel === 'staff/create' ? { name: 'Sneaky Manager', role: 'manager', secret: '123123' } : {};
      const r = await table.invoke(channel, input, caller);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(dump(db)).toBe(before);
    const refusals = db.prepare(`SELECT entity_id, staff_id FROM audit_log WHERE action = 'access.refused' ORDER BY seq`).all();
    expect(refusals).toEqual(managerOnly.map((c) => ({ entity_id: c, staff_id: staff.reception })));
    // What reception may do still answers.
    expect(await table.invoke('patients/search', { query: 'Archer' }, caller)).toMatchObject({ ok: true, data: { hits: [{ familyName: 'Archer' }] } });
  });

  it('a manager may; the signed-in person is who every service call acts as', async () => {
    await signIn('manager');
    const created = await table.invoke('staff/create', { name: 'Nia New', role: 'reception', secret: '246810' }, caller);
    expect(created).toMatchObject({ ok: true, data: { name: 'Nia New' } });
    const row = services.core().db.prepare(`SELECT staff_id, device FROM audit_log WHERE action = 'staff.create' ORDER BY seq DESC LIMIT 1`).get();
    expect(row).toMatchObject({ staff_id: staff.manager });
    expect(await table.invoke('audit/verify', {}, caller)).toMatchObject({ ok: true, data: { intact: true } });
  });

  it('locking mid-way signs out: the next call is LOCKED, and events naming records wait', async () => {
    await signIn('reception');
    expect(await table.invoke('calendar/get-range', { from: NOW, to: NOW + 86_400_000 }, caller)).toMatchObject({ ok: true });
    expect(await table.invoke('desk-lock/lock', {}, caller)).toMatchObject({ ok: true, data: { locked: true } });
    expect(await table.invoke('calendar/get-range', { from: NOW, to: NOW + 86_400_000 }, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await table.invoke('session/get', {}, caller)).toEqual({ ok: true, data: { person: null, permissions: ['public'] } });
    const views = services.core().db.prepare(`SELECT staff_id, details FROM audit_log WHERE action = 'schedule.view'`).all();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ staff_id: staff.reception });
  });
});
