import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { startPostgres, type TestHub, type TestPostgres } from './postgres';
import { buildTemplate, cloneDesk, openDesk, seedHub, type Desk, type DeskOptions } from './sync-desk';

/**
 * The set-up of every test where desks of one clinic meet at a hub, as vitest fixtures:
 *
 * - `syncClinic` (once per test file): a real PostgreSQL server, a temporary folder and the
 *   template clinic every desk is a copy of; `newHub` makes another hub on that server.
 * - `clinic`: the template clinic's ids (providers, types, patients, location).
 * - `hub` (per test): a fresh hub holding the clinic's set-up and patients, as its first desk sent them.
 * - `desks` (per test): opens desks of the clinic (copies of the template); every desk opened is closed after the test.
 * - `deskA`, `deskB` (per test): two desks enrolled at `hub`, their sync engines running.
 * - `deskOptions`: what `deskA` and `deskB` are opened with; `hubTest.override('deskOptions', …)` in a describe changes it.
 *
 * Fixtures are made only when a test names them: a test asking for `syncClinic` alone gets no hub.
 * Kept apart from sync-desk.ts, which desk processes and benchmarks load outside vitest.
 */
/** The template clinic's ids: its location, providers, types and patients. */
export type ClinicIds = ReturnType<typeof buildTemplate>['fixture'];

export interface SyncClinic {
  pg: TestPostgres;
  dir: string;
  template: ReturnType<typeof buildTemplate>;
  /** A hub on the test server; `seeded` (the default) sends it the template clinic first. */
  newHub(opts?: { seeded?: boolean }): Promise<TestHub>;
}

export interface OpenDeskOptions extends DeskOptions {
  /** The hub that enrolls the desk under its name … */
  hub?: TestHub;
  /** … or the desk's hub address as given (null: no hub). */
  url?: string | null;
  /** Starts the sync engine at once (the default); false leaves it to the test. */
  start?: boolean;
  /** Opens this database file (made if missing) instead of a copy of the template clinic. */
  file?: string;
}

export interface HubDesks {
  open(name: string, opts?: OpenDeskOptions): Promise<Desk>;
}

let files = 0;

export const hubTest = test
  .extend('syncClinic', { scope: 'file' }, async ({}, { onCleanup }): Promise<SyncClinic> => {
    const pg = await startPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-hub-test-'));
    onCleanup(() => {
      pg.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const template = buildTemplate(dir);
    let hubs = 0;
    return {
      pg,
      dir,
      template,
      async newHub(opts = {}) {
        const hub = await pg.createHub(`hub${++hubs}`);
        if (opts.seeded !== false) await seedHub(template.file, dir, await hub.enroll('Seed desk'));
        return hub;
      },
    };
  })
  .extend('clinic', async ({ syncClinic }) => syncClinic.template.fixture)
  .extend('hub', async ({ syncClinic }) => syncClinic.newHub())
  .extend('desks', async ({ syncClinic }, { onCleanup }): Promise<HubDesks> => {
    const opened: Desk[] = [];
    onCleanup(async () => {
      for (const d of opened.splice(0)) await d.close();
    });
    return {
      async open(name, opts = {}) {
        const { hub, url, start = true, file, ...deskOpts } = opts;
        if (!hub && url === undefined) throw new Error('a desk needs a hub to enroll at, or an address');
        const path = file ?? cloneDesk(syncClinic.template.file, syncClinic.dir, `${name}-${++files}`);
        const d = openDesk(path, url === undefined ? await hub!.enroll(name) : url, deskOpts);
        opened.push(d);
        if (start) d.engine.start();
        return d;
      },
    };
  })
  .extend('deskOptions', {} as OpenDeskOptions)
  .extend('deskA', async ({ desks, hub, deskOptions }) => desks.open('a', { hub, ...deskOptions }))
  .extend('deskB', async ({ desks, hub, deskOptions }) => desks.open('b', { hub, ...deskOptions }));
