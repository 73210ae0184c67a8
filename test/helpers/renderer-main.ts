import { vi } from 'vitest';
import type { EventName, EventPayload } from '../../src-shared/contract';
import type { Result } from '../../src-shared/domain/errors';
import type { FrontdeskApi } from '../../src-shared/ipc/api';
import { openDatabase } from '../../src-main/core/db/open';
import { startAppServices, type AppServices } from '../../src-main/app/services';
import { updatesNotAvailableHere } from '../../src-main/app/updates';
import { createAppHandlerTable } from '../../src-main/ipc/app-table';
import { FixedClock } from '../../src-main/platform/clock';
import { createLogger } from '../../src-main/platform/logger';
import { setApiImplementation } from '../../src-renderer/src/api';
import { useAppStatus } from '../../src-renderer/src/stores/app-status';
import { buildClinic, NOW, type ClinicFixture } from './clinic-fixture';
import { addTestStaff, TEST_SECRET_COST, TEST_STAFF } from './staff';
import { tempDbFile } from './tempdb';

/**
 * The renderer's api client wired to a real main in the same process: the app
 * services over a temp SQLite file holding the fixture clinic, its handler table
 * and its push events, as the web host serves them. Answers can be held back
 * (a slow link) to test what a screen does with answers that come late.
 */
export interface RendererMain {
  services: AppServices;
  clinic: ClinicFixture;
  clock: FixedClock;
  /** Channels called so far, in order. */
  calls: string[];
  /** Answers held back now. */
  heldCount(): number;
  /** Holds answers back until `release()`; calls still reach main at once. */
  hold(): void;
  /** Delivers held answers, the last one first when `newestFirst` (answers crossing on the link). */
  release(options?: { newestFirst?: boolean }): void;
  close(): Promise<void>;
}

export async function connectRendererToMain(now = NOW): Promise<RendererMain> {
  const temp = tempDbFile();
  const seed = openDatabase(temp.file);
  const clinic = buildClinic(seed, { now });
  seed.close();
  const clock = new FixedClock(now);
  const services = startAppServices({
    dbFile: temp.file,
    clock,
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'front-desk',
    demo: null,
    secretCost: TEST_SECRET_COST,
    updates: () => updatesNotAvailableHere('not here'),
  });
  await services.started();
  // The screens are a receptionist's: one is signed in, as at the lock screen.
  const staff = addTestStaff(services.core());
  await services.deskLock.signIn({ staffId: staff.reception, secret: TEST_STAFF.reception.pin });
  const table = createAppHandlerTable(services);
  const caller = { id: 'renderer-test' };
  const calls: string[] = [];
  let holding = false;
  let held: Array<() => void> = [];

  const api: FrontdeskApi = {
    invoke(channel, input) {
      calls.push(channel);
      const answer = table.invoke(channel, input, caller);
      return new Promise((resolve) => {
        void answer.then((result) => {
          const deliver = () => resolve(result as Result<never>);
          if (holding) held.push(deliver);
          else deliver();
        });
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return services.events.subscribe((e) => {
        if (e.name === event) listener(e.payload as EventPayload<E>);
      });
    },
  };
  setApiImplementation(api);

  return {
    services,
    clinic,
    clock,
    calls,
    heldCount: () => held.length,
    hold: () => void (holding = true),
    release({ newestFirst = false } = {}) {
      holding = false;
      const due = newestFirst ? held.reverse() : held;
      held = [];
      for (const deliver of due) deliver();
    },
    async close() {
      await services.close();
      temp.cleanup();
    },
  };
}

/** As `connectRendererToMain`, with the renderer's app status following main and the desk ready (where store tests start). */
export async function connectReadyRenderer(): Promise<RendererMain> {
  const main = await connectRendererToMain();
  useAppStatus.getState().connect();
  await vi.waitUntil(() => useAppStatus.getState().status?.phase === 'ready');
  return main;
}
