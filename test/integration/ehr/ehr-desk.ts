import type { Practitioner, Location } from '@medplum/fhirtypes';
import { buildClinic, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';
import { afterEach } from 'vitest';
import { startFhirServer, type FhirServerOptions, type TestFhirServer } from '../../helpers/fhir-server';
import { inWriteTransaction } from '@main/core/db/transaction';
import { createLogger } from '@main/platform/logger';
import type { EhrServices } from '@main/app/ehr-connection';
import { readCapabilities } from '@main/sync/adapters/fhir/capabilities';
import { EhrEngine, type EhrEngineOptions } from '@main/sync/adapters/fhir/engine';
import { writeEhrConnection, writeMapping, type EhrConnectionWrite } from '@main/sync/adapters/fhir/store';
import { APPOINTMENT_REASON_SYSTEM } from '@main/sync/adapters/fhir/resources';

/**
 * A desk for the EHR tests: the fixture clinic in a real SQLite file (pinned
 * clock), connected to the test FHIR server, with Dr. Smith, Main Street and
 * Op 1 seeded in the EHR and (unless told otherwise) mapped, Checkup mapped to
 * CHECKUP, and an EhrEngine whose backoffs are immediate.
 */
export interface EhrDesk {
  fx: ClinicFixture;
  engine: EhrEngine;
  services: EhrServices;
  smithRef: string;
  mainRef: string;
  op1Ref: string;
  logLines: string[];
  busyChanged: string[][];
  close(): Promise<void>;
}

export async function ehrDesk(
  fhir: TestFhirServer,
  opts: { map?: boolean; connection?: Partial<EhrConnectionWrite>; engine?: Partial<EhrEngineOptions> } = {},
): Promise<EhrDesk> {
  const t = openTempDb();
  const fx = buildClinic(t.db);
  const ctx = fx.ctx;
  const smith = await fhir.seed<Practitioner>({
    resourceType: 'Practitioner',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
    name: [{ family: 'Smith', given: ['Jane'], prefix: ['Dr.'] }],
  });
  const main = await fhir.seed<Location>({ resourceType: 'Location', name: 'Main Street', status: 'active' });
  const op1 = await fhir.seed<Location>({ resourceType: 'Location', name: 'Op 1', partOf: { reference: `Location/${main.id}` } });
  const metadata = (await (await fetch(`${fhir.baseUrl}/metadata`)).json().catch(() => null)) as unknown;
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeEhrConnection(
      ctx.db,
      {
        baseUrl: fhir.baseUrl,
        authKind: 'bearer',
        clientId: '',
        tokenUrl: '',
        scope: '',
        username: '',
        secret: fhir.options.auth.kind === 'bearer' ? fhir.options.auth.token : 'unused',
        mode: 'realtime',
        batchMinutes: 15,
        sendNotes: false,
        capabilities: readCapabilities(metadata),
        ...opts.connection,
      },
      now,
    );
    if (opts.map !== false) {
      writeMapping(ctx.db, 'provider', fx.providers.smith.id, { reference: `Practitioner/${smith.id}`, system: '', code: '', display: 'Smith' }, now);
      writeMapping(ctx.db, 'location', fx.main.id, { reference: `Location/${main.id}`, system: '', code: '', display: 'Main Street' }, now);
      writeMapping(ctx.db, 'room', fx.rooms.op1.id, { reference: `Location/${op1.id}`, system: '', code: '', display: 'Op 1' }, now);
      writeMapping(ctx.db, 'type', fx.types.checkup.id, { reference: '', system: APPOINTMENT_REASON_SYSTEM, code: 'CHECKUP', display: 'Check-up' }, now);
    }
  });
  const logLines: string[] = [];
  const busyChanged: string[][] = [];
  const engine = new EhrEngine({
    core: () => ctx,
    logger: createLogger({ write: (l) => logLines.push(l), minLevel: 'debug' }),
    onStatusChanged: () => undefined,
    onBusyChanged: (ids) => busyChanged.push(ids),
    random: () => 0,
    maxBackoffMs: 100,
    ...opts.engine,
  });
  const services: EhrServices = { core: () => ctx, ehr: engine, onBusyChanged: (ids) => busyChanged.push(ids) };
  return {
    fx,
    engine,
    services,
    smithRef: `Practitioner/${smith.id}`,
    mainRef: `Location/${main.id}`,
    op1Ref: `Location/${op1.id}`,
    logLines,
    busyChanged,
    async close() {
      await engine.stop();
      t.cleanup();
    },
  };
}

/**
 * For a test file: `const setUp = useEhrDesks()` gives a fresh FHIR server and a
 * desk connected to it per call; both are closed after each test.
 */
export function useEhrDesks(): (server?: FhirServerOptions, desk?: Parameters<typeof ehrDesk>[1]) => Promise<{ fhir: TestFhirServer; desk: EhrDesk }> {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  return async (server = {}, deskOpts = {}) => {
    const fhir = await startFhirServer(server);
    open.push(fhir);
    const desk = await ehrDesk(fhir, deskOpts);
    open.push(desk);
    return { fhir, desk };
  };
}
