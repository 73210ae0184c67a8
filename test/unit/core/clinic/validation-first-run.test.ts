import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoBuilder } from '@main/app/demo-build';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { recordAudit } from '@main/core/audit/audit';
import { createLocation, listLocations } from '@main/core/clinic';
import { openDatabase } from '@main/core/db/open';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import type { AppError } from '@shared/domain/errors';
import { tempDbFile } from '../../../helpers/tempdb';
import { createEventBus } from '@main/core/events';

/** First-run choice and demo reset rules, on the real app services with a small demo builder. */
const NOW = Date.UTC(2025, 10, 24, 14, 30);
const ctxOf = (db: ReturnType<typeof openDatabase>) => ({ db, clock: new FixedClock(NOW), actor: { user: 'demo', device: 'demo' }, events: createEventBus() });

/** Writes a one-location "demo" with the generator's audit marker; counts its builds. */
function tinyDemo(): { builder: DemoBuilder; builds: () => number } {
  let n = 0;
  const builder: DemoBuilder = (file) => {
    n += 1;
    const db = openDatabase(file);
    createLocation(ctxOf(db), { name: `Demo ${n}`, zone: 'America/New_York' });
    recordAudit(db, { user: 'demo', device: 'demo' }, NOW, { action: 'demo.generate', entityType: 'clinic', entityId: null });
    db.close();
    return { done: Promise.resolve(), cancel: async () => undefined };
  };
  return { builder, builds: () => n };
}

let temp: ReturnType<typeof tempDbFile>;
let services: AppServices | null;
const start = (demo: DemoBuilder | null, askFirstRun: boolean) =>
  (services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'manager',
    demo,
    askFirstRun,
    updates: () => updatesNotAvailableHere('n/a'),
  }));
const refusal = async (fn: () => unknown): Promise<AppError> => {
  try {
    await fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

beforeEach(() => {
  temp = tempDbFile();
  services = null;
});
afterEach(async () => {
  await services?.close();
  temp.cleanup();
});

describe('first-run choice', () => {
  it('waits for the desk on a fresh database, starts empty when told, and refuses a second choice', async () => {
    const demo = tinyDemo();
    const s = start(demo.builder, true);
    await vi.waitUntil(() => s.status().phase === 'choosing');
    s.chooseStart('empty');
    expect(await s.started()).toMatchObject({ phase: 'ready', clinic: { demo: false } });
    expect(listLocations(s.core().db)).toEqual([]);
    expect(demo.builds()).toBe(0);
    expect((await refusal(() => s.chooseStart('demo'))).code).toBe('CONFLICT');
  });

  it('builds the demo when chosen; the demo can be reset, a real clinic cannot', async () => {
    const demo = tinyDemo();
    const s = start(demo.builder, true);
    await vi.waitUntil(() => s.status().phase === 'choosing');
    s.chooseStart('demo');
    expect(await s.started()).toMatchObject({ phase: 'ready', clinic: { demo: true } });
    createLocation({ ...s.core(), actor: { user: 'x', device: 'x' } }, { name: 'Added by a tester', zone: 'UTC' });
    expect(await s.resetDemo()).toMatchObject({ phase: 'ready', clinic: { demo: true } });
    expect(listLocations(s.core().db).map((l) => l.name)).toEqual(['Demo 2']);
  });

  it('refuses to reset a clinic that is not the demo, and changes nothing', async () => {
    const db = openDatabase(temp.file);
    createLocation(ctxOf(db), { name: 'Real Clinic', zone: 'America/Chicago' });
    db.close();
    const s = start(tinyDemo().builder, true);
    expect(await s.started()).toMatchObject({ phase: 'ready', clinic: { demo: false } });
    expect((await refusal(() => s.resetDemo())).code).toBe('FORBIDDEN');
    expect(listLocations(s.core().db).map((l) => l.name)).toEqual(['Real Clinic']);
  });

  it('closes cleanly while the choice is still on screen', async () => {
    const s = start(tinyDemo().builder, true);
    await vi.waitUntil(() => s.status().phase === 'choosing');
    await s.close();
    services = null;
  });
});
