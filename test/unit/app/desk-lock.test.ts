import { refusalOf } from '../../helpers/expect-error';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskLockStatus } from '@shared/domain/desk-lock';
import type { StaffId } from '@shared/domain/ids';
import type { SessionDto } from '@shared/domain/staff';
import { setLockAfterInput } from '@shared/schemas/desk-lock';
import { createDeskLock, LOCK_AFTER_SETTING, type DeskLock } from '@main/app/desk-lock';
import { createEventBus, type PushEvent } from '@main/app/event-bus';
import { holdWhileLocked } from '@main/app/lock-aware-events';
import type { CoreContext } from '@main/core/context';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { addTestStaff, TEST_SECRET_COST, TEST_STAFF } from '../../helpers/staff';
import { openTempDb } from '../../helpers/tempdb';
import { createEventBus as createCoreEventBus } from '@main/core/events';

/**
 * Sign-in is the desk lock: locked whenever nobody is signed in; idle, Ctrl+L,
 * the OS lock sign the person out; the next person signs in without a restart.
 */
const NOW = Date.UTC(2025, 10, 24, 14, 30);
const MIN = 60_000;

let temp: ReturnType<typeof openTempDb>;
let clock: FixedClock;
let ctx: CoreContext;
let logLines: string[];
let changes: Array<{ status: DeskLockStatus; session: SessionDto }>;
let locks: DeskLock[];
let staff: { manager: StaffId; reception: StaffId };

function newLock(opts: { ready?: () => boolean } = {}): DeskLock {
  const lock = createDeskLock({
    clock,
    logger: createLogger({ write: (l) => logLines.push(l), minLevel: 'debug' }),
    core: () => (opts.ready?.() === false ? null : ctx),
    onChanged: (status, session) => changes.push({ status, session }),
    secretCost: TEST_SECRET_COST,
  });
  locks.push(lock);
  return lock;
}

const refusal = refusalOf;

const auditRows = () =>
  temp.db
    .prepare(`SELECT action, staff_id AS staffId, details FROM audit_log WHERE action LIKE 'staff.sign%' OR action LIKE 'desk.%' ORDER BY seq`)
    .all() as Array<{ action: string; staffId: string | null; details: string | null }>;

const signInReception = (lock: DeskLock) => lock.signIn({ staffId: staff.reception, secret: TEST_STAFF.reception.pin });

beforeEach(() => {
  temp = openTempDb();
  clock = new FixedClock(NOW);
  ctx = { db: temp.db, clock, actor: { user: 'front-desk', device: 'desk-1' }, events: createCoreEventBus() };
  staff = addTestStaff(ctx);
  logLines = [];
  changes = [];
  locks = [];
});

afterEach(() => {
  for (const lock of locks) lock.stop();
  vi.useRealTimers();
  temp.cleanup();
});

describe('sign-in is the desk lock', () => {
  it('starts locked with nobody signed in; a right PIN signs the person in, audited as them', async () => {
    const lock = newLock();
    lock.start();
    expect(lock.status()).toMatchObject({ locked: true, reason: 'start' });
    expect(lock.session()).toEqual({ person: null, permissions: ['public'] });
    const session = await signInReception(lock);
    expect(session.person).toMatchObject({ id: staff.reception, name: 'Rita Reception', role: 'reception' });
    expect(session.permissions).toContain('patients.read');
    expect(session.permissions).not.toContain('staff.manage');
    expect(lock.isLocked()).toBe(false);
    expect(changes.at(-1)).toMatchObject({ status: { locked: false }, session: { person: { id: staff.reception } } });
    expect(auditRows().at(-1)).toEqual({ action: 'staff.sign_in', staffId: staff.reception, details: null });
  });

  it('the signed-in person’s role follows their row: a role changed under them counts from the next call; removed or deactivated signs them out', async () => {
    const lock = newLock();
    lock.start();
    await signInReception(lock);
    // As when the desk goes back to the hub's version of a role it raised, or another desk changes it.
    temp.db.prepare(`UPDATE staff SET role = 'manager' WHERE id = ?`).run(staff.reception);
    expect(lock.session().permissions).toContain('staff.manage');
    expect(changes.at(-1)).toMatchObject({ session: { person: { id: staff.reception, role: 'manager' } } });
    temp.db.prepare(`UPDATE staff SET role = 'reception' WHERE id = ?`).run(staff.reception);
    expect(lock.person()).toMatchObject({ role: 'reception' });
    expect(lock.session().permissions).not.toContain('staff.manage');
    temp.db.prepare(`DELETE FROM staff WHERE id = ?`).run(staff.reception);
    expect(lock.person()).toBeNull();
    expect(lock.status()).toMatchObject({ locked: true, reason: 'manual' });
    await lock.signIn({ staffId: staff.manager, secret: TEST_STAFF.manager.pin });
    temp.db.prepare(`UPDATE staff SET active = 0 WHERE id = ?`).run(staff.manager);
    expect(lock.isLocked()).toBe(true);
  });

  it('idle signs the person out, decided on its timer against the clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lock = newLock();
    lock.start();
    await signInReception(lock);
    clock.advance(5 * MIN - 1);
    vi.advanceTimersByTime(10_000);
    expect(lock.isLocked()).toBe(false);
    clock.advance(1);
    vi.advanceTimersByTime(10_000);
    expect(lock.status()).toMatchObject({ locked: true, reason: 'idle', lockedAt: NOW + 5 * MIN });
    expect(lock.person()).toBeNull();
    expect(auditRows().at(-1)).toEqual({ action: 'staff.sign_out', staffId: staff.reception, details: JSON.stringify({ reason: 'idle' }) });
  });

  it('counts from the last reported activity; activity while locked does not count', async () => {
    const lock = newLock();
    lock.start();
    await signInReception(lock);
    clock.advance(4 * MIN);
    lock.reportActivity();
    clock.advance(4 * MIN);
    lock.checkIdle();
    expect(lock.isLocked()).toBe(false);
    clock.advance(1 * MIN);
    lock.checkIdle();
    expect(lock.isLocked()).toBe(true);
    lock.reportActivity();
    lock.checkIdle();
    expect(lock.status()).toMatchObject({ locked: true, reason: 'idle' });
  });

  it('quick switch: locking signs one person out, the next signs in without a restart', async () => {
    const lock = newLock();
    lock.start();
    await signInReception(lock);
    lock.lock('manual');
    expect(lock.person()).toBeNull();
    await lock.signIn({ staffId: staff.manager, secret: TEST_STAFF.manager.pin });
    expect(lock.person()).toMatchObject({ id: staff.manager, role: 'manager' });
    expect(auditRows().map((r) => [r.action, r.staffId])).toEqual([
      ['staff.sign_in', staff.reception],
      ['staff.sign_out', staff.reception],
      ['staff.sign_in', staff.manager],
    ]);
  });

  it('follows the lock-after setting (1–60 minutes), kept in the settings table and audited as the person', async () => {
    const lock = newLock();
    lock.start();
    await lock.signIn({ staffId: staff.manager, secret: TEST_STAFF.manager.pin });
    expect(lock.setLockAfter(1)).toMatchObject({ lockAfterMin: 1, locked: false });
    expect(temp.db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(LOCK_AFTER_SETTING)).toBe('1');
    expect(auditRows().at(-1)).toEqual({ action: 'desk.lock_after_set', staffId: staff.manager, details: JSON.stringify({ lockAfterMin: 1 }) });
    clock.advance(MIN);
    lock.checkIdle();
    expect(lock.isLocked()).toBe(true);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 0 }).success).toBe(false);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 61 }).success).toBe(false);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 60 }).success).toBe(true);
  });

  it('refuses a wrong PIN clearly; after 5 in a row refuses that person for 30 s; a restart forgets nothing', async () => {
    const lock = newLock();
    lock.start();
    const wrong = () => lock.signIn({ staffId: staff.reception, secret: '000000' });
    expect(await refusal(wrong)).toEqual({
      code: 'FORBIDDEN',
      message: 'That PIN is not right. 4 more tries before a 30-second wait.',
      details: { triesLeft: 4, issues: [{ path: 'secret', message: 'That PIN is not right. 4 more tries before a 30-second wait.' }] },
    });
    for (let i = 0; i < 3; i++) await refusal(wrong);
    expect(await refusal(wrong)).toMatchObject({ code: 'LOCKED', details: { secondsLeft: 30 } });
    // Quit and start again: still waiting.
    lock.stop();
    const again = newLock();
    again.start();
    expect(await refusal(() => signInReception(again))).toMatchObject({ code: 'LOCKED' });
    clock.advance(30_000);
    expect((await signInReception(again)).person).toMatchObject({ id: staff.reception });
    expect(JSON.stringify(temp.db.prepare(`SELECT * FROM audit_log`).all()) + logLines.join('\n')).not.toContain(TEST_STAFF.reception.pin);
  });

  it('counts tries sent in parallel one by one', async () => {
    const lock = newLock();
    lock.start();
    const results = await Promise.all(Array.from({ length: 7 }, () => refusal(() => lock.signIn({ staffId: staff.reception, secret: '000000' }))));
    expect(results.map((r) => r.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'LOCKED', 'LOCKED', 'LOCKED']);
  });

  it('a person deactivated while signed in is signed out at their next own-account call', async () => {
    const lock = newLock();
    lock.start();
    await signInReception(lock);
    temp.db.prepare(`UPDATE staff SET active = 0 WHERE id = ?`).run(staff.reception);
    expect(await refusal(() => lock.changeOwnSecret({ current: TEST_STAFF.reception.pin, secret: '868686' }))).toMatchObject({ code: 'LOCKED' });
    expect(lock.isLocked()).toBe(true);
  });

  it('does nothing before start-up has finished: the start screen must stay usable', async () => {
    let ready = false;
    const lock = newLock({ ready: () => ready });
    clock.advance(60 * MIN);
    lock.checkIdle();
    expect(await refusal(() => signInReception(lock))).toMatchObject({ code: 'LOCKED' });
    ready = true;
    lock.start();
    await signInReception(lock);
    lock.lock('suspend');
    expect(lock.status()).toMatchObject({ locked: true, reason: 'suspend' });
  });
});

describe('push events while locked', () => {
  it('holds events the contract marks as naming records until someone signs in, and lets the rest through', () => {
    let locked = false;
    const bus = holdWhileLocked(createEventBus(), () => locked);
    const seen: PushEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    locked = true;
    const change = { operation: 'appointment.book', appointmentIds: [], providerIds: [], locationIds: [], dates: ['2025-11-24'] };
    bus.emit('appointments/changed', change);
    bus.emit('patients/changed', { patientIds: [] });
    bus.emit('updates/status', { state: 'idle', version: null, percent: null, message: null });
    bus.emit('session/changed', { person: null, permissions: ['public'] });
    expect(seen.map((e) => e.name)).toEqual(['updates/status', 'session/changed']);
    locked = false;
    bus.release();
    expect(seen.map((e) => e.name)).toEqual(['updates/status', 'session/changed', 'appointments/changed', 'patients/changed']);
    bus.release();
    expect(seen).toHaveLength(4);
  });
});
