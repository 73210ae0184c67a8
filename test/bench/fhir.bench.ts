/**
 * fhir.push.1k — seconds for the EHR loop to deliver 1,000 queued visits to
 * a local FHIR R4 server (Medplum's router over its memory repository, every
 * write validated; conditional create, one Patient per patient registered on
 * the way). Floor: 10 s. Baseline, same run: fhir.post.1k, 1,000 plain POSTs
 * of the same Appointments to the same server (ratio = push / plain).
 *
 * fhir.pull.busy.5k — seconds to import 5,000 of the EHR's own bookings of a
 * provider as external busy time (paged searches, parse, merge, one write
 * transaction). Floor: 5 s. Baseline, same run: fhir.get.busy.5k, the same
 * pages fetched and parsed without importing them (ratio = pull / fetch).
 */
import { round, type BenchResult } from './lib';

const VISITS = 1_000;
const BUSY = 5_000;

export default async function fhirBench(): Promise<BenchResult[]> {
  // Medplum reads the global WebSocket when it loads; Node 20 has none without a flag. The server never opens one.
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= (await import('ws')).WebSocket;
  const [{ startFhirServer }, { ehrDesk }, { inWriteTransaction }, { newId }, { pullEhrBusy }, { FhirClient }, { readEhrConnection, credentialsOf }, { localInstant }] = await Promise.all([
    import('../helpers/fhir-server'),
    import('../integration/ehr/ehr-desk'),
    import('../../src-main/core/db/transaction'),
    import('../../src-main/core/ids'),
    import('../../src-main/sync/adapters/fhir/busy-time'),
    import('../../src-main/sync/adapters/fhir/client'),
    import('../../src-main/sync/adapters/fhir/store'),
    import('../helpers/clinic-fixture'),
  ]);

  const fhir = await startFhirServer({ auth: { kind: 'bearer', token: 'bench' } });
  const desk = await ehrDesk(fhir, { engine: { realtimePullMs: 24 * 60 * 60_000 } });
  const { ctx } = desk.fx;
  try {
    // 1,000 visits of Dr. Smith from tomorrow on, half-hourly around the clock, queued as new visits are.
    const patients = Object.values(desk.fx.patients);
    const day0 = localInstant('2025-03-04', '00:00');
    inWriteTransaction(ctx.db, () => {
      const insert = ctx.db.prepare(
        `INSERT INTO appointments (id, patient_id, provider_id, location_id, type_id, start_at, end_at, busy_start_at, busy_end_at, status, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', 1, 0, 0)`,
      );
      for (let i = 0; i < VISITS; i++) {
        const start = day0 + i * 1_800_000;
        insert.run(newId(), patients[i % patients.length], desk.fx.providers.smith.id, desk.fx.main.id, desk.fx.types.checkup.id, start, start + 1_800_000, start, start + 1_800_000);
      }
    });

    // Baseline: the same number of plain POSTs of an Appointment like ours.
    const conn = readEhrConnection(ctx.db)!;
    const client = new FhirClient({ baseUrl: conn.baseUrl, credentials: credentialsOf(ctx.db, conn) });
    const t0 = performance.now();
    for (let i = 0; i < VISITS; i++) {
      const start = new Date(day0 + i * 1_800_000);
      await client.create(
        {
          resourceType: 'Appointment',
          status: 'booked',
          start: start.toISOString(),
          end: new Date(start.getTime() + 1_800_000).toISOString(),
          participant: [{ actor: { reference: desk.smithRef }, status: 'accepted' }],
        },
        null,
      );
    }
    const plainS = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    desk.engine.start();
    const pending = () => ctx.db.prepare(`SELECT COUNT(*) FROM ehr_push_queue WHERE state = 'pending'`).pluck().get() as number;
    while (pending() > 0) await desk.engine.cycle(60_000);
    const pushS = (performance.now() - t1) / 1000;
    await desk.engine.stop();
    const delivered = ctx.db.prepare(`SELECT COUNT(*) FROM ehr_appointments`).pluck().get() as number;

    // 5,000 bookings of Dr. Smith made in the EHR, inside the read window.
    const busyStart = localInstant('2025-03-03', '00:00');
    for (let i = 0; i < BUSY; i++) {
      const start = busyStart + i * 15 * 60_000;
      await fhir.repo.createResource({
        resourceType: 'Appointment',
        status: 'booked',
        start: new Date(start).toISOString(),
        end: new Date(start + 10 * 60_000).toISOString(),
        participant: [{ actor: { reference: desk.smithRef }, status: 'accepted' }],
      });
    }
    const window = { from: new Date(ctx.clock.now() - 86_400_000).toISOString(), to: new Date(ctx.clock.now() + 56 * 86_400_000).toISOString() };
    const t2 = performance.now();
    const fetched = await client.search('Appointment', new URLSearchParams([['actor', desk.smithRef], ['date', `ge${window.from}`], ['date', `lt${window.to}`], ['_count', '1000']]));
    const fetchS = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    await pullEhrBusy(ctx, client, null, new AbortController().signal);
    const pullS = (performance.now() - t3) / 1000;
    const busyRows = ctx.db.prepare(`SELECT COUNT(*) FROM external_busy WHERE source LIKE 'fhir:%'`).pluck().get() as number;

    return [
      { name: 'fhir.post.1k', value: round(plainS), unit: 's' },
      { name: 'fhir.push.1k', value: round(pushS), unit: 's', baseline: 'fhir.post.1k', ratio: round(pushS / plainS, 2), info: { delivered, floorS: 10 } },
      { name: 'fhir.get.busy.5k', value: round(fetchS), unit: 's', info: { fetched: fetched.length } },
      { name: 'fhir.pull.busy.5k', value: round(pullS), unit: 's', baseline: 'fhir.get.busy.5k', ratio: round(pullS / fetchS, 2), info: { busyRows, floorS: 5 } },
    ];
  } finally {
    await desk.close();
    await fhir.close();
  }
}
