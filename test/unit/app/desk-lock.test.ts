import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskLockStatus } from '../../../src-shared/domain/desk-lock';
import { isAppError } from '../../../src-shared/domain/errors';
import { newPasscode, setLockAfterInput } from '../../../src-shared/schemas/desk-lock';
import { createDeskLock, LOCK_AFTER_SETTING, PASSCODE_SETTING, type DeskLock } from '../../../src-main/app/desk-lock';
import { createEventBus, type PushEvent } from '../../../src-main/app/event-bus';
import { holdWhileLocked } from '../../../src-main/app/lock-aware-events';
import type { CoreContext } from '../../../src-main/core/context';
import { FixedClock } from '../../../src-main/platform/clock';
import { createLogger } from '../../../src-main/platform/logger';
import { openTempDb } from '../../helpers/tempdb';

const NOW = Date.UTC(2025, 10, 24, 14, 30);
const MIN = 60_000;
const PASSCODE = '246813';

let temp: ReturnType<typeof openTempDb>;
let clock: FixedClock;
let ctx: CoreContext;
let logLines: string[];
let changes: DeskLockStatus[];
let locks: DeskLock[];

function newLock(opts: { ready?: () => boolean } = {}): DeskLock {
  const lock = createDeskLock({
    clock,
    logger: createLogger({ write: (l) => logLines.push(l), minLevel: 'debug' }),
    core: () => (opts.ready?.() === false ? null : ctx),
    onChanged: (s) => changes.push(s),
  });
  locks.push(lock);
  return lock;
}

/** The AppError a call throws (or rejects with), as its shape. */
async function refusal(call: () => unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await call();
  } catch (e) {
    if (isAppError(e)) return e.toShape();
    throw e;
  }
  throw new Error('expected a refusal');
}

const auditRows = () =>
  temp.db.prepare(`SELECT action, entity_type AS entityType, details FROM audit_log WHERE action LIKE 'desk.%' ORDER BY rowid`).all() as Array<{
    action: string;
    entityType: string;
    details: string | null;
  }>;

beforeEach(() => {
  temp = openTempDb();
  clock = new FixedClock(NOW);
  ctx = { db: temp.db, clock, actor: { user: 'front-desk', device: 'desk-1' } };
  logLines = [];
  changes = [];
  locks = [];
});

afterEach(() => {
  for (const lock of locks) lock.stop();
  vi.useRealTimers();
  temp.cleanup();
});

describe('desk lock: idle', () => {
  it('locks after lockAfterMin minutes without activity, decided on its timer against the clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lock = newLock();
    lock.start();
    expect(lock.status()).toMatchObject({ locked: false, passcodeSet: false, lockAfterMin: 5 });

    clock.advance(5 * MIN - 1);
    vi.advanceTimersByTime(10_000);
    expect(lock.isLocked()).toBe(false);

    clock.advance(1);
    vi.advanceTimersByTime(10_000);
    expect(lock.status()).toMatchObject({ locked: true, reason: 'idle', lockedAt: NOW + 5 * MIN });
    expect(changes.at(-1)).toMatchObject({ locked: true, reason: 'idle' });
    expect(auditRows()).toEqual([{ action: 'desk.lock', entityType: 'desk', details: JSON.stringify({ reason: 'idle' }) }]);

    // A desk without a passcode resumes with a click.
    await lock.unlock(undefined);
    expect(lock.isLocked()).toBe(false);
    expect(auditRows().at(-1)).toMatchObject({ action: 'desk.unlock' });
  });

  it('counts from the last reported activity; activity while locked does not count', () => {
    const lock = newLock();
    lock.start();
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

  it('follows the lock-after setting (1–60 minutes), kept in the settings table and audited', () => {
    const lock = newLock();
    lock.start();
    expect(lock.setLockAfter(1)).toMatchObject({ lockAfterMin: 1, locked: false });
    expect(temp.db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(LOCK_AFTER_SETTING)).toBe('1');
    expect(auditRows().at(-1)).toEqual({ action: 'desk.lock_after_set', entityType: 'desk', details: JSON.stringify({ lockAfterMin: 1 }) });
    clock.advance(MIN - 1);
    lock.checkIdle();
    expect(lock.isLocked()).toBe(false);
    clock.advance(1);
    lock.checkIdle();
    expect(lock.isLocked()).toBe(true);

    expect(setLockAfterInput.safeParse({ lockAfterMin: 0 }).success).toBe(false);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 61 }).success).toBe(false);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 2.5 }).success).toBe(false);
    expect(setLockAfterInput.safeParse({ lockAfterMin: 60 }).success).toBe(true);
  });

  it('does nothing before start-up has finished: the start screen must stay usable, and nothing can be read yet', () => {
    let ready = false;
    const lock = newLock({ ready: () => ready });
    clock.advance(60 * MIN);
    lock.checkIdle();
    lock.lock('suspend');
    expect(lock.isLocked()).toBe(false);
    ready = true;
    lock.start();
    lock.lock('suspend');
    expect(lock.status()).toMatchObject({ locked: true, reason: 'suspend' });
  });
});

describe('desk lock: passcode', () => {
  it('keeps only a salted scrypt hash: never the passcode in settings, audit rows or logs', async () => {
    const lock = newLock();
    lock.start();
    expect(await lock.setPasscode({ passcode: PASSCODE })).toMatchObject({ passcodeSet: true, locked: false });
    const stored = JSON.parse(temp.db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(PASSCODE_SETTING) as string) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ algo: 'scrypt', N: 32768, r: 8, p: 1 });
    expect(Buffer.from(stored.salt as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(stored.hash as string, 'base64')).toHaveLength(32);

    // The same passcode on another desk gets another salt, so another hash.
    const other = openTempDb();
    try {
      const otherLock = createDeskLock({
        clock,
        logger: createLogger({ write: () => undefined }),
        core: () => ({ ...ctx, db: other.db }),
        onChanged: () => undefined,
      });
      await otherLock.setPasscode({ passcode: PASSCODE });
      const otherStored = JSON.parse(other.db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(PASSCODE_SETTING) as string) as {
        hash: string;
      };
      expect(otherStored.hash).not.toBe(stored.hash);
    } finally {
      other.cleanup();
    }

    lock.lock('manual');
    await refusal(() => lock.unlock('000000'));
    await lock.unlock(PASSCODE);
    const everything = JSON.stringify([
      temp.db.prepare(`SELECT key, value FROM settings`).all(),
      temp.db.prepare(`SELECT * FROM audit_log`).all(),
      logLines,
      changes,
      lock.status(),
    ]);
    expect(everything).not.toContain(PASSCODE);
    expect(auditRows().map((r) => r.action)).toEqual(['desk.passcode_set', 'desk.lock', 'desk.unlock_failed', 'desk.unlock']);
  });

  it('starts locked on a desk that has a passcode', async () => {
    await newLock().setPasscode({ passcode: PASSCODE });
    const restarted = newLock();
    restarted.start();
    expect(restarted.status()).toMatchObject({ locked: true, reason: 'start', passcodeSet: true });
    expect(await refusal(() => restarted.unlock(undefined))).toMatchObject({ code: 'FORBIDDEN', message: 'Enter the desk passcode.' });
    expect(await restarted.unlock(PASSCODE)).toMatchObject({ locked: false });
  });

  it('refuses a wrong passcode clearly; after 5 in a row refuses every try for 30 s, then accepts again', async () => {
    const lock = newLock();
    lock.start();
    await lock.setPasscode({ passcode: PASSCODE });
    lock.lock('manual');

    for (let left = 4; left >= 1; left--) {
      expect(await refusal(() => lock.unlock('1111'))).toMatchObject({
        code: 'FORBIDDEN',
        message: `That passcode is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before a 30-second wait.`,
        details: { triesLeft: left },
      });
    }
    expect(await refusal(() => lock.unlock('1111'))).toMatchObject({
      code: 'LOCKED',
      message: 'That passcode is not right, 5 times in a row. Try again in 30 seconds.',
      details: { retryAt: NOW + 30_000, secondsLeft: 30 },
    });
    expect(lock.status()).toMatchObject({ locked: true, retryAt: NOW + 30_000 });

    // Even the right passcode waits.
    clock.advance(29_000);
    expect(await refusal(() => lock.unlock(PASSCODE))).toMatchObject({
      code: 'LOCKED',
      message: 'Too many wrong passcodes. Try again in 1 second.',
      details: { secondsLeft: 1 },
    });
    expect(lock.isLocked()).toBe(true);

    clock.advance(1_000);
    expect(lock.status().retryAt).toBeNull();
    // A fresh run of tries after the wait.
    expect(await refusal(() => lock.unlock('1111'))).toMatchObject({ code: 'FORBIDDEN', details: { triesLeft: 4 } });
    expect(await lock.unlock(PASSCODE)).toMatchObject({ locked: false, retryAt: null });
    const failed = auditRows().filter((r) => r.action === 'desk.unlock_failed');
    expect(failed).toHaveLength(6);
    expect(JSON.parse(failed[4]!.details!)).toEqual({ wrongInARow: 5, waitSeconds: 30 });
  });

  it('remembers wrong tries and waits across a restart, and doubles each further wait', async () => {
    const lock = newLock();
    lock.start();
    await lock.setPasscode({ passcode: PASSCODE });
    lock.lock('manual');
    for (let i = 0; i < 4; i++) await refusal(() => lock.unlock('1111'));
    lock.stop();

    // Quit and start again: the fifth wrong try still earns the wait.
    const restarted = newLock();
    restarted.start();
    expect(await refusal(() => restarted.unlock('1111'))).toMatchObject({ code: 'LOCKED', details: { secondsLeft: 30 } });
    restarted.stop();
    const again = newLock();
    again.start();
    expect(again.status().retryAt).toBe(NOW + 30_000);
    expect(await refusal(() => again.unlock(PASSCODE))).toMatchObject({ code: 'LOCKED' });

    clock.advance(30_000);
    for (let left = 4; left >= 1; left--) {
      expect(await refusal(() => again.unlock('1111'))).toMatchObject({ message: `That passcode is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before a longer wait.` });
    }
    expect(await refusal(() => again.unlock('1111'))).toMatchObject({ code: 'LOCKED', details: { secondsLeft: 60 } });
    clock.advance(60_000);
    // The right passcode clears it all: the next wrong run starts from the first wait again.
    expect(await again.unlock(PASSCODE)).toMatchObject({ locked: false, retryAt: null });
    again.lock('manual');
    expect(await refusal(() => again.unlock('1111'))).toMatchObject({ message: 'That passcode is not right. 4 more tries before a 30-second wait.' });
  });

  it('counts tries sent in parallel one by one', async () => {
    const lock = newLock();
    lock.start();
    await lock.setPasscode({ passcode: PASSCODE });
    lock.lock('manual');
    const answers = await Promise.all(Array.from({ length: 8 }, () => refusal(() => lock.unlock('1111'))));
    expect(answers.map((a) => a.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'LOCKED', 'LOCKED', 'LOCKED', 'LOCKED']);
  });

  it('changing the passcode needs the current one; only the new one unlocks afterwards', async () => {
    const lock = newLock();
    lock.start();
    await lock.setPasscode({ passcode: PASSCODE });
    expect(await refusal(() => lock.setPasscode({ passcode: 'correct horse battery' }))).toMatchObject({
      code: 'FORBIDDEN',
      details: { issues: [{ path: 'current', message: 'Enter the desk passcode.' }] },
    });
    expect(await refusal(() => lock.setPasscode({ current: '999999', passcode: 'correct horse battery' }))).toMatchObject({
      code: 'FORBIDDEN',
      details: { issues: [{ path: 'current' }] },
    });
    expect(await lock.setPasscode({ current: PASSCODE, passcode: 'correct horse battery' })).toMatchObject({ passcodeSet: true });
    // Leaving the current passcode out is not a wrong try; a wrong one is.
    expect(auditRows().map((r) => r.action)).toEqual(['desk.passcode_set', 'desk.passcode_change_failed', 'desk.passcode_change']);

    lock.lock('manual');
    // Changing while locked is refused outright.
    expect(await refusal(() => lock.setPasscode({ current: 'correct horse battery', passcode: '1357' }))).toMatchObject({ code: 'LOCKED' });
    expect(await refusal(() => lock.unlock(PASSCODE))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await lock.unlock('correct horse battery')).toMatchObject({ locked: false });
  });

  it('takes 4–12 digits or a phrase of at least 8 characters', () => {
    for (const ok of ['1234', '123456789012', 'correct horse', 'pässwört!']) expect(newPasscode.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['123', '1234567890123', 'short', '        ', '']) expect(newPasscode.safeParse(bad).success, bad).toBe(false);
  });
});

describe('push events while locked', () => {
  it('holds events naming patient records until the desk unlocks, and lets the rest through', () => {
    let locked = false;
    const bus = holdWhileLocked(createEventBus(), () => locked);
    const seen: PushEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    locked = true;
    const change = { operation: 'appointment.book', appointmentIds: [], providerIds: [], locationIds: [], dates: ['2025-11-24'] };
    bus.emit('appointments/changed', change);
    bus.emit('patients/changed', { patientIds: [] });
    bus.emit('updates/status', { state: 'idle', version: null, percent: null, message: null });
    expect(seen.map((e) => e.name)).toEqual(['updates/status']);
    locked = false;
    bus.release();
    expect(seen.map((e) => e.name)).toEqual(['updates/status', 'appointments/changed', 'patients/changed']);
    bus.release();
    expect(seen).toHaveLength(3);
  });
});
