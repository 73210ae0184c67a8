import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadOrCreateDatabaseKey, UNPROTECTED } from '../app/database-key';
import { demoBuilderInWorker } from '../app/demo-in-worker';
import { startAppServices, type AppServices } from '../app/services';
import { updatesNotAvailableHere } from '../app/updates';
import { createAppHandlerTable } from '../ipc/app-table';
import { FixedClock, systemClock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { startWebHost, type WebHost } from './server';

export interface WebHostAppOptions {
  dbFile: string;
  rendererDir: string;
  logger: Logger;
  /** Pins main's clock ("now", epoch ms) for reproducible tests; null = the system clock. */
  now: number | null;
  /** Seed of the first-start demo clinic. */
  seed: number;
  /** False starts with an empty clinic instead of building the demo. */
  demo: boolean;
  /** With the demo: let the page choose demo or empty on a fresh database (the desktop app's first run). */
  askFirstRun?: boolean;
  port?: number;
  token?: string;
  appVersion?: string;
}

export interface WebHostApp {
  host: WebHost;
  services: AppServices;
  /** Closes sockets, waits for calls in flight, then closes the database. */
  close(): Promise<void>;
}

/** The whole app minus Electron: services, handler table and the loopback host serving both. */
export async function startWebHostApp(opts: WebHostAppOptions): Promise<WebHostApp> {
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const services = startAppServices({
    dbFile: opts.dbFile,
    clock: opts.now === null ? systemClock : new FixedClock(opts.now),
    logger: opts.logger,
    appVersion: opts.appVersion ?? 'web-host',
    user: 'front-desk',
    // Encrypted like the app's; this development host keeps the key unwrapped beside the file.
    databaseKey: () => loadOrCreateDatabaseKey(opts.dbFile, UNPROTECTED),
    secrets: UNPROTECTED,
    demo: opts.demo ? demoBuilderInWorker({ seed: opts.seed, now: opts.now }) : null,
    askFirstRun: opts.askFirstRun ?? false,
    updates: () => updatesNotAvailableHere('Updates are installed by the desktop app, not in the browser.'),
  });
  const table = createAppHandlerTable(services);
  const host = await startWebHost({
    table,
    events: services.events,
    rendererDir: opts.rendererDir,
    logger: opts.logger,
    ...(opts.port === undefined ? {} : { port: opts.port }),
    ...(opts.token === undefined ? {} : { token: opts.token }),
    onCallerGone: (callerId) => services.bookingActivity.forget(callerId),
  });
  return {
    host,
    services,
    async close() {
      await host.close();
      await table.drain();
      await services.close();
    },
  };
}
