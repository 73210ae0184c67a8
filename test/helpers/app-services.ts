import type { KeyProtector } from '../../src-main/app/database-key';
import { startAppServices, type AppServices } from '../../src-main/app/services';
import { updatesNotAvailableHere } from '../../src-main/app/updates';
import { createAppHandlerTable } from '../../src-main/ipc/app-table';
import type { HandlerTable } from '../../src-main/ipc/handler-table';
import { FixedClock } from '../../src-main/platform/clock';
import { createLogger } from '../../src-main/platform/logger';
import { NOW } from './clinic-fixture';
import { signInManager, TEST_SECRET_COST } from './staff';

export interface TestApp {
  services: AppServices;
  table: HandlerTable;
  /** Waits for calls in flight, then closes the database. */
  close(): Promise<void>;
}

/** The app's real services and handler table on `dbFile` (no demo, clock pinned at NOW), started, a manager signed in. */
export async function startTestApp(dbFile: string, opts: { secrets?: KeyProtector } = {}): Promise<TestApp> {
  const services = startAppServices({
    dbFile,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'front-desk',
    demo: null,
    secretCost: TEST_SECRET_COST,
    ...(opts.secrets ? { secrets: opts.secrets } : {}),
    updates: () => updatesNotAvailableHere('not here'),
  });
  await services.started();
  await signInManager(services);
  const table = createAppHandlerTable(services);
  return {
    services,
    table,
    async close() {
      await table.drain();
      await services.close();
    },
  };
}
