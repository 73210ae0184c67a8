import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src-main/app/event-bus';
import { startAppServices, type AppServices } from '../../../src-main/app/services';
import { updatesNotAvailableHere } from '../../../src-main/app/updates';
import { coreEvents } from '../../../src-main/core/events';
import { openDatabase } from '../../../src-main/core/db/open';
import { createAppHandlerTable } from '../../../src-main/ipc/app-table';
import type { HandlerTable } from '../../../src-main/ipc/handler-table';
import { FixedClock } from '../../../src-main/platform/clock';
import { createLogger } from '../../../src-main/platform/logger';
import { buildClinic, localInstant, NOW } from '../../helpers/clinic-fixture';
import { tempDbFile } from '../../helpers/tempdb';

/**
 * The desk lock through the app's real handler table and services on a real
 * SQLite clinic: while locked, channels that read patient data answer LOCKED
 * through the table's gate; after unlocking they answer again.
 */
const caller = { id: 'test:1' };
const PASSCODE = '4711';

let temp: ReturnType<typeof tempDbFile>;
let running: AppServices[] = [];

async function start(): Promise<{ services: AppServices; table: HandlerTable; events: PushEvent[] }> {
  const services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'front-desk',
    demo: null,
    updates: () => updatesNotAvailableHere('not here'),
  });
  running.push(services);
  const events: PushEvent[] = [];
  services.events.subscribe((e) => events.push(e));
  await services.started();
  return { services, table: createAppHandlerTable(services), events };
}

const range = { from: localInstant('2025-03-03', '00:00'), to: localInstant('2025-03-04', '00:00') };

beforeEach(() => {
  temp = tempDbFile();
  const db = openDatabase(temp.file);
  buildClinic(db);
  db.close();
});

afterEach(async () => {
  for (const s of running) await s.close();
  running = [];
  temp.cleanup();
});

describe('desk lock at the handler table', () => {
  it('answers LOCKED for patient data while locked, and again after unlocking', async () => {
    const { table, events } = await start();
    const phi = [
      ['patients/search', { query: 'Archer' }],
      ['calendar/get-range', range],
      ['clinic/get-setup', {}],
      ['reminders/list-for-day', { date: '2025-03-03' }],
    ] as const;
    const search = await table.invoke('patients/search', { query: 'Archer' }, caller);
    expect(search).toMatchObject({ ok: true, data: { hits: [{ familyName: 'Archer' }] } });
    expect(await table.invoke('calendar/get-range', range, caller)).toMatchObject({ ok: true });

    expect(await table.invoke('desk-lock/set-passcode', { passcode: PASSCODE }, caller)).toMatchObject({ ok: true, data: { passcodeSet: true } });
    expect(await table.invoke('desk-lock/lock', {}, caller)).toMatchObject({ ok: true, data: { locked: true, reason: 'manual' } });
    expect(events.at(-1)).toMatchObject({ name: 'desk-lock/changed', payload: { locked: true } });

    for (const [channel, input] of phi) {
      const r = await table.invoke(channel, input, caller);
      expect(r, channel).toEqual({
        ok: false,
        error: { code: 'LOCKED', message: 'This desk is locked. Unlock it to continue.', details: { deskLocked: true } },
      });
    }
    // Settings of the lock itself need an unlocked desk too; the lock screen's channels answer.
    expect(await table.invoke('desk-lock/set-passcode', { current: PASSCODE, passcode: '1234' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    expect(await table.invoke('desk-lock/set-lock-after', { lockAfterMin: 10 }, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await table.invoke('app/reset-demo', {}, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await table.invoke('app/get-status', {}, caller)).toMatchObject({ ok: true, data: { phase: 'ready' } });
    expect(await table.invoke('desk-lock/report-activity', {}, caller)).toEqual({ ok: true, data: null });
    expect(await table.invoke('desk-lock/get-status', {}, caller)).toMatchObject({ ok: true, data: { locked: true, passcodeSet: true } });

    // A change committed meanwhile (another window, the hub) is announced only once the desk is open again.
    const before = events.length;
    coreEvents.emit('appointments/changed', { operation: 'appointment.book', appointmentIds: [], providerIds: [], locationIds: [], dates: [] });
    // (the sync indicator's counts carry no record and pass; so does the backup status, pushed
    // whenever the background database check started with the desk finishes)
    const names = (): string[] => events.slice(before).map((e) => e.name).filter((n) => n !== 'backups/status');
    expect(names()).toEqual(['sync/status']);

    expect(await table.invoke('desk-lock/unlock', { passcode: '0000' }, caller)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await table.invoke('desk-lock/unlock', { passcode: PASSCODE }, caller)).toMatchObject({ ok: true, data: { locked: false } });
    expect(names()).toEqual(['sync/status', 'appointments/changed', 'reminders/changed', 'desk-lock/changed']);

    expect(await table.invoke('patients/search', { query: 'Archer' }, caller)).toEqual(search);
    expect(await table.invoke('calendar/get-range', range, caller)).toMatchObject({ ok: true });
  });

  it('a desk with a passcode is locked from the first call after start-up', async () => {
    const first = await start();
    await first.table.invoke('desk-lock/set-passcode', { passcode: PASSCODE }, caller);
    await first.services.close();
    running = [];

    const { table } = await start();
    expect(await table.invoke('desk-lock/get-status', {}, caller)).toMatchObject({ ok: true, data: { locked: true, reason: 'start' } });
    expect(await table.invoke('patients/search', { query: 'Archer' }, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await table.invoke('desk-lock/unlock', { passcode: PASSCODE }, caller)).toMatchObject({ ok: true, data: { locked: false } });
    expect(await table.invoke('patients/search', { query: 'Archer' }, caller)).toMatchObject({ ok: true });
  });

  it('a desk without a passcode starts unlocked and resumes with a click', async () => {
    const { table } = await start();
    expect(await table.invoke('desk-lock/get-status', {}, caller)).toMatchObject({ ok: true, data: { locked: false, passcodeSet: false } });
    await table.invoke('desk-lock/lock', {}, caller);
    expect(await table.invoke('calendar/get-range', range, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await table.invoke('desk-lock/unlock', {}, caller)).toMatchObject({ ok: true, data: { locked: false } });
    expect(await table.invoke('calendar/get-range', range, caller)).toMatchObject({ ok: true });
  });
});
