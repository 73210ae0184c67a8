import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoProgress } from '@shared/domain/app';
import type { ProviderId } from '@shared/domain/ids';
import { createLocation } from '@main/core/clinic';
import { databaseFileState, openDatabase } from '@main/core/db/open';
import { keyFileFor, loadOrCreateDatabaseKey, readUnprotectedKey, UNPROTECTED } from '@main/app/database-key';
import type { DemoBuilder } from '@main/app/demo-build';
import type { PushEvent } from '@main/app/event-bus';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { createAppHandlerTable } from '@main/ipc/app-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { tempDbFile } from '../../helpers/tempdb';
import { createEventBus } from '@main/core/events';

const NOW = Date.UTC(2025, 10, 24, 14, 30);
const caller = { id: 'test:1' };

/**
 * A stand-in for the demo generator that the test steers: it writes a
 * one-location clinic into the target file, reports progress and finishes
 * when told to.
 */
function steerableDemo() {
  let finish: () => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let report: (p: DemoProgress) => void = () => undefined;
  const cancel = vi.fn(async () => fail(new Error('cancelled')));
  const builder: DemoBuilder = (file, access, onProgress) => {
    report = onProgress;
    const done = new Promise<void>((resolve, reject) => {
      finish = () => {
        const db = openDatabase(file, access);
        createLocation(
          { db, clock: new FixedClock(NOW), actor: { user: 'demo', device: 'demo' }, events: createEventBus() },
          { name: 'Demo Main', zone: 'America/New_York' },
        );
        db.close();
        resolve();
      };
      fail = reject;
    });
    return { done, cancel };
  };
  return { builder: vi.fn(builder), finish: () => finish(), fail: (e: Error) => fail(e), report: (p: DemoProgress) => report(p), cancel };
}

let temp: ReturnType<typeof tempDbFile>;
let services: AppServices | null = null;

function start(demo: DemoBuilder | null, databaseKey?: () => string) {
  const events: PushEvent[] = [];
  services = startAppServices({
    ...(databaseKey ? { databaseKey } : {}),
    dbFile: temp.file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'front-desk',
    secretCost: TEST_SECRET_COST,
    demo,
    updates: () => updatesNotAvailableHere('not here'),
  });
  services.events.subscribe((e) => events.push(e));
  return { services, events, table: createAppHandlerTable(services) };
}

beforeEach(() => (temp = tempDbFile()));
afterEach(async () => {
  await services?.close();
  services = null;
  temp.cleanup();
});

describe('app services: first start', () => {
  it('builds the demo into its own file, reporting progress, and answers LOCKED meanwhile', async () => {
    const demo = steerableDemo();
    const { services, events, table } = start(demo.builder);
    await vi.waitUntil(() => demo.builder.mock.calls.length === 1);
    expect(services.status()).toMatchObject({ phase: 'building-demo', now: NOW });
    expect(demo.builder.mock.calls[0]![0]).toBe(`${temp.file}.demo-building`);

    demo.report({ stage: 'Creating patients', done: 5, total: 10 });
    expect(events).toContainEqual({ name: 'demo/progress', payload: { stage: 'Creating patients', done: 5, total: 10 } });
    expect(await table.invoke('app/get-status', {}, caller)).toMatchObject({
      ok: true,
      data: { phase: 'building-demo', demo: { done: 5, total: 10 } },
    });
    expect(await table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    demo.finish();
    expect(await services.started()).toMatchObject({
      phase: 'ready',
      clinic: { name: 'Frontdesk Clinic', zone: 'America/New_York' },
    });
    expect(events.at(-1)).toMatchObject({ name: 'app/status', payload: { phase: 'ready' } });
    expect(existsSync(`${temp.file}.demo-building`)).toBe(false);
    // Ready, and locked until someone signs in.
    expect(await table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED', details: { deskLocked: true } } });
    await signInManager(services);
    expect(await table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: true, data: [{ name: 'Demo Main' }] });
  });

  it('does not build when the database already has a clinic', async () => {
    const db = openDatabase(temp.file);
    createLocation({ db, clock: new FixedClock(NOW), actor: { user: 't', device: 't' }, events: createEventBus() }, { name: 'Existing', zone: 'Europe/Berlin' });
    db.close();
    const demo = steerableDemo();
    const { services } = start(demo.builder);
    expect(await services.started()).toMatchObject({ phase: 'ready', clinic: { zone: 'Europe/Berlin' } });
    expect(demo.builder).not.toHaveBeenCalled();
  });

  it('reports a failed build as a start-up failure the receptionist can read', async () => {
    const demo = steerableDemo();
    const { services, table } = start(demo.builder);
    await vi.waitUntil(() => demo.builder.mock.calls.length === 1);
    demo.fail(new Error('disk full'));
    const status = await services.started();
    expect(status.phase).toBe('failed');
    expect(status.failure?.code).toBe('INTERNAL');
    expect(await table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: false, error: status.failure });
  });

  it('stops a build in progress on close', async () => {
    const demo = steerableDemo();
    const { services } = start(demo.builder);
    await vi.waitUntil(() => demo.builder.mock.calls.length === 1);
    await services.close();
    expect(demo.cancel).toHaveBeenCalled();
  });

  it('keeps the clinic encrypted with the workstation key, demo build included, and refuses to start without it', async () => {
    const demo = steerableDemo();
    const key = () => loadOrCreateDatabaseKey(temp.file, UNPROTECTED);
    const first = start(demo.builder, key);
    await vi.waitUntil(() => demo.builder.mock.calls.length === 1);
    expect(demo.builder.mock.calls[0]![1]).toEqual({ key: readUnprotectedKey(temp.file) });
    demo.finish();
    expect(await first.services.started()).toMatchObject({ phase: 'ready' });
    await first.services.close();
    expect(databaseFileState(temp.file)).toBe('encrypted');
    expect(readFileSync(temp.file).includes('Demo Main')).toBe(false);

    const again = start(null, key);
    expect(await again.services.started()).toMatchObject({ phase: 'ready' });
    await signInManager(again.services);
    expect(await again.table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: true, data: [{ name: 'Demo Main' }] });
    await again.services.close();

    // The key file is gone: nothing is opened and no new key is made over the clinic.
    rmSync(keyFileFor(temp.file));
    const lost = start(null, key);
    expect(await lost.services.started()).toMatchObject({ phase: 'failed', failure: { code: 'DATABASE_KEY' } });
    expect(existsSync(keyFileFor(temp.file))).toBe(false);
  });

  it('starts with an empty clinic when there is no demo builder', async () => {
    const { services } = start(null);
    expect(await services.started()).toMatchObject({ phase: 'ready', clinic: { zone: 'UTC' } });
  });

  it('forwards the core’s change notifications as push events', async () => {
    const { services, events } = start(null);
    await services.started();
    await signInManager(services);
    const change = {
      operation: 'appointment.book',
      appointmentIds: [],
      providerIds: ['p-1' as ProviderId],
      locationIds: [],
      dates: ['2025-11-24'],
    };
    services.core().events.emit('appointments/changed', change);
    expect(events).toContainEqual({ name: 'appointments/changed', payload: change });
  });
});
