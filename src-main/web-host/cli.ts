/**
 * `npm run dev:web`: the real renderer and handler table in a browser, on
 * 127.0.0.1 only. Options (flags or environment):
 *   --db FILE       database file (default out/web-host/clinic.sqlite; FRONTDESK_DB)
 *   --now ISO|MS    pin main's clock (FRONTDESK_NOW)
 *   --seed N        demo clinic seed (default 1; FRONTDESK_SEED)
 *   --empty         start with an empty clinic instead of the demo
 *   --ask           on a fresh database, let the page choose demo or empty (as the desktop app does)
 *   --port N        fixed port (default random; PORT)
 *   --renderer DIR  built renderer (default out/renderer)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogWriter, createLogger } from '../platform/logger';
import { startWebHostApp } from './start';

function parseNow(value: string | undefined): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`--now: "${value}" is neither an ISO time nor epoch milliseconds`);
  return ms;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      now: { type: 'string' },
      seed: { type: 'string' },
      empty: { type: 'boolean', default: false },
      ask: { type: 'boolean', default: false },
      port: { type: 'string' },
      renderer: { type: 'string' },
    },
  });
  const rendererDir = resolve(values.renderer ?? 'out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npx electron-vite build" first (npm run dev:web does).`);
  }
  const port = values.port ?? process.env.PORT;
  const app = await startWebHostApp({
    dbFile: resolve(values.db ?? process.env.FRONTDESK_DB ?? 'out/web-host/clinic.sqlite'),
    rendererDir,
    logger: createLogger({ write: consoleLogWriter }),
    now: parseNow(values.now ?? process.env.FRONTDESK_NOW),
    seed: Number(values.seed ?? process.env.FRONTDESK_SEED ?? 1),
    demo: !values.empty && !process.env.FRONTDESK_EMPTY_CLINIC,
    askFirstRun: values.ask,
    ...(port ? { port: Number(port) } : {}),
  });
  process.stdout.write(`Frontdesk web host: ${app.host.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
