/**
 * sync.drain.10k — seconds for one desk to push 10,000 changes queued while
 * offline (10,000 bookings) to the clinic hub on a real PostgreSQL, logged in
 * as its own enrolled desk role: the batched, idempotent
 * `frontdesk_api.push` (SECURITY DEFINER) with the hub's checks of every
 * change (shape, sizes, ranges, references, key replay), exclusion checks,
 * receipts and the change log, and the local bookkeeping of every answer.
 * Baseline (sync.drain.10k.insert): one batched INSERT of the same 10,000
 * payloads into a plain table on the same server, in the same run.
 * ratio = value / baseline. Floor: 20 s.
 *
 * sync.drain.10k.checks — seconds the hub's checks alone take for the same
 * 10,000 changes (`frontdesk.check_change` over them in one statement, no
 * writes): what the checks add to the drain.
 *
 * sync.pull.10k — seconds for another desk to apply those 10,000 changes from
 * `frontdesk_api.pull`, each parsed with the shared schemas first
 * (appointments written, reminders armed, cursor kept). Floor: 5 s.
 */
import pg from 'pg';
import { book } from '../../src-main/core/booking';
import { localInstant } from '../helpers/clinic-fixture';
import { startPostgres } from '../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub } from '../helpers/sync-desk';
import { round, tempDir, type BenchResult } from './lib';

const CHANGES = 10_000;
const HALF_HOUR = 30 * 60_000;

export default async function syncBench(): Promise<BenchResult[]> {
  const tmp = tempDir();
  const server = await startPostgres();
  try {
    const hub = await server.createHub('benchhub');
    const hubUrl = hub.superUrl;
    const template = buildTemplate(tmp.dir);
    await seedHub(template.file, tmp.dir, await hub.enroll('Seed desk'));
    const f = template.fixture;
    const a = openDesk(cloneDesk(template.file, tmp.dir, 'a'), await hub.enroll('Desk A'), { pollMs: 60_000 });
    const base = localInstant('2025-03-10', '00:00');
    for (let n = 0; n < CHANGES; n++) {
      book(a.ctx, {
        patientId: [f.patients.ann, f.patients.bob, f.patients.cyd][n % 3]!,
        providerId: n % 2 === 0 ? f.providers.smith.id : f.providers.jones.id,
        locationId: f.main.id,
        typeId: f.types.checkup.id,
        startAt: base + Math.floor(n / 2) * HALF_HOUR,
      });
    }
    const payloads = a.db.prepare(`SELECT idempotency_key AS key, payload FROM outbox WHERE state = 'pending' ORDER BY seq`).all() as Array<{ key: string; payload: string }>;

    // Baseline: the same payloads, one INSERT, one round trip.
    const c = new pg.Client({ connectionString: hubUrl });
    await c.connect();
    await c.query(`CREATE TABLE plain_rows (key uuid PRIMARY KEY, payload jsonb NOT NULL)`);
    const batch = `[${payloads.map((p) => `{"key":"${p.key}","payload":${p.payload}}`).join(',')}]`;
    const t0 = performance.now();
    await c.query(`INSERT INTO plain_rows (key, payload) SELECT (x->>'key')::uuid, x->'payload' FROM jsonb_array_elements($1::jsonb) x`, [batch]);
    const insertS = (performance.now() - t0) / 1000;
    // The checks alone, over the same changes as the hub receives them.
    const changes = `[${a.db
      .prepare(`SELECT idempotency_key AS key, entity_type AS t, entity_id AS id, operation AS op, payload FROM outbox WHERE state = 'pending' ORDER BY seq`)
      .all()
      .map((r) => {
        const x = r as { key: string; t: string; id: string; op: string; payload: string };
        return `{"key":"${x.key}","entityType":"${x.t}","entityId":"${x.id}","operation":"${x.op}","payload":${x.payload}}`;
      })
      .join(',')}]`;
    const t3 = performance.now();
    const { rows: checked } = await c.query<{ ok: number }>(`SELECT COUNT(*)::int AS ok FROM jsonb_array_elements($1::jsonb) x WHERE frontdesk.check_change(x.value) IS NULL`, [changes]);
    const checksS = (performance.now() - t3) / 1000;
    await c.end();
    if (checked[0]!.ok !== CHANGES) throw new Error(`the hub's checks passed only ${checked[0]!.ok} of ${CHANGES} changes`);

    const t1 = performance.now();
    a.engine.start();
    await drain(a, 120_000);
    const drainS = (performance.now() - t1) / 1000;
    const delivered = a.db.prepare(`SELECT COUNT(*) FROM outbox WHERE entity_type = 'appointment' AND state = 'delivered'`).pluck().get() as number;
    await a.close();
    if (delivered !== CHANGES) throw new Error(`only ${delivered} of ${CHANGES} changes delivered`);

    const b = openDesk(cloneDesk(template.file, tmp.dir, 'b'), await hub.enroll('Desk B'), { pollMs: 60_000 });
    const t2 = performance.now();
    b.engine.start();
    await b.engine.cycle(120_000);
    const pullS = (performance.now() - t2) / 1000;
    const pulled = b.db.prepare(`SELECT COUNT(*) FROM appointments`).pluck().get() as number;
    const quarantined = b.db.prepare(`SELECT COUNT(*) FROM sync_quarantine`).pluck().get() as number;
    await b.close();
    if (pulled !== CHANGES || quarantined !== 0) throw new Error(`only ${pulled} of ${CHANGES} changes pulled (${quarantined} quarantined)`);

    return [
      { name: 'sync.drain.10k.insert', value: round(insertS), unit: 's', info: { rows: CHANGES } },
      {
        name: 'sync.drain.10k',
        value: round(drainS),
        unit: 's',
        baseline: 'sync.drain.10k.insert',
        ratio: round(drainS / insertS, 2),
        info: { floor: 20, changes: CHANGES, checksShare: round(checksS / drainS, 3) },
      },
      { name: 'sync.drain.10k.checks', value: round(checksS), unit: 's', info: { changes: CHANGES } },
      { name: 'sync.pull.10k', value: round(pullS), unit: 's', info: { floor: 5, changes: CHANGES } },
    ];
  } finally {
    server.stop();
    tmp.cleanup();
  }
}
