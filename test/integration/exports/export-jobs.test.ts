import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportChunk, ExportProgress, ReportOutcome } from '@shared/domain/exports';
import type { Result } from '@shared/domain/errors';
import { openDatabase } from '@main/core/db/open';
import { newId } from '@main/core/ids';
import type { PushEvent } from '@main/app/event-bus';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { createAppHandlerTable } from '@main/ipc/app-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { buildClinic, NOW } from '../../helpers/clinic-fixture';
import { tempDbFile } from '../../helpers/tempdb';

const caller = { id: 'test:1' };
const PROVIDERS = 50;
const PER_DAY = 4;

/**
 * The fixture clinic plus 48 more providers and a year of visits for all 50
 * (4 a day each, 73,000 rows), bulk-inserted: exports read whatever the
 * database holds, so the booking guard is not needed to make them.
 */
function seedYear(file: string): number {
  const db = openDatabase(file);
  const f = buildClinic(db, { openAllDay: true });
  const providers = [f.providers.smith.id, f.providers.jones.id];
  const addProvider = db.prepare(`INSERT INTO providers (id, name, colour, zone, created_at) VALUES (?, ?, '#336699', 'America/New_York', 0)`);
  const insert = db.prepare(
    `INSERT INTO appointments (id, patient_id, provider_id, location_id, type_id, start_at, end_at, busy_start_at, busy_end_at, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const patients = Object.values(f.patients);
  let n = 0;
  db.transaction(() => {
    for (let i = providers.length; i < PROVIDERS; i++) {
      const id = newId<string>();
      addProvider.run(id, `Dr. Bulk ${String(i).padStart(2, '0')}`);
      providers.push(id as never);
    }
    const day0 = Date.UTC(2025, 0, 1, 14);
    for (let d = 0; d < 365; d++) {
      for (const p of providers) {
        for (let k = 0; k < PER_DAY; k++) {
          const start = day0 + d * 86_400_000 + k * 3_600_000;
          insert.run(newId(), patients[n % 3], p, f.main.id, f.types.checkup.id, start, start + 1_800_000, start, start + 1_800_000, n % 17 === 0 ? 'cancelled' : 'booked');
          n++;
        }
      }
    }
  })();
  db.close();
  return n;
}

let temp: ReturnType<typeof tempDbFile>;
let services: AppServices | null = null;

function start() {
  const events: PushEvent[] = [];
  services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'manager-1',
    secretCost: TEST_SECRET_COST,
    demo: null,
    updates: () => updatesNotAvailableHere('not here'),
  });
  services.events.subscribe((e) => events.push(e));
  return { services, events, table: createAppHandlerTable(services) };
}

/** The next progress report of an export or report (`done` above `doneAbove`). */
function nextProgress(s: AppServices, doneAbove = -1): Promise<ExportProgress> {
  return new Promise((resolve) => {
    const off = s.events.subscribe((e) => {
      if (e.name !== 'exports/progress' || (e.payload as ExportProgress).done <= doneAbove) return;
      off();
      resolve(e.payload as ExportProgress);
    });
  });
}

async function readAll(table: ReturnType<typeof start>['table'], jobId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const r = await table.invoke('exports/read', { jobId, offset }, caller);
    if (!r.ok) throw new Error(r.error.message);
    const chunk = r.data as ExportChunk;
    parts.push(Buffer.from(chunk.base64, 'base64'));
    offset = chunk.nextOffset;
  }
  return Buffer.concat(parts);
}

let total = 0;
beforeEach(() => {
  temp = tempDbFile();
  total = seedYear(temp.file);
});
afterEach(async () => {
  await services?.close();
  services = null;
  temp.cleanup();
});

describe('exports on a worker thread', () => {
  it('exports a year of 50 providers as CSV while main keeps answering; the file reads back in slices; the export is audited', async () => {
    const { services, events, table } = start();
    await services.started();
    await signInManager(services);
    const jobId = newId<string>();
    let finished = false;
    const running = table
      .invoke('exports/run', { jobId, format: 'csv', fromDate: '2025-01-01', toDate: '2025-12-31', includePatientNames: true }, caller)
      .finally(() => (finished = true));
    // Main stays responsive meanwhile: at each progress report of the worker, a read answers quickly.
    const latencies: number[] = [];
    while (latencies.length < 5) {
      const report = await Promise.race([nextProgress(services), running.then(() => null)]);
      if (finished || report === null || report.done === report.total) break;
      const t0 = performance.now();
      expect(await table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: true });
      latencies.push(performance.now() - t0);
    }
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(250);
    const r = await running;
    expect(r).toMatchObject({ ok: true, data: { status: 'done', file: { rows: total, mime: 'text/csv', fileName: 'frontdesk-schedule-2025-01-01-to-2025-12-31.csv' } } });
    const progress = events.filter((e) => e.name === 'exports/progress').map((e) => e.payload as ExportProgress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ jobId, kind: 'export', done: total, total });

    const rows = parse(await readAll(table, jobId), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(total);
    expect(rows.filter((x) => x.status === 'cancelled')).toHaveLength(Math.ceil(total / 17));
    expect(rows[0]).toMatchObject({ date: '2025-01-01', start: '09:00', zone: 'America/New_York', patient: expect.stringMatching(/, /) });

    const db = openDatabase(temp.file);
    const audit = db.prepare(`SELECT staff_id AS staffId, action, entity_type AS entityType, entity_id AS entityId, details FROM audit_log WHERE entity_type = 'export'`).all() as Array<Record<string, string>>;
    db.close();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: services!.deskLock.person()!.id, action: 'export.csv', entityId: jobId });
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ fromDate: '2025-01-01', toDate: '2025-12-31', includePatientNames: true, rows: total });
    expect(audit[0]!.details).not.toMatch(/Archer|Baker|555-/);

    await table.invoke('exports/discard', { jobId }, caller);
    expect(readdirSync(join(dirname(temp.file), 'exports'))).toEqual([]);
    expect(await table.invoke('exports/read', { jobId, offset: 0 }, caller)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('cancels a running export: nothing delivered, nothing audited', async () => {
    const { services, table } = start();
    await services.started();
    await signInManager(services);
    const jobId = newId<string>();
    const wrote = nextProgress(services, 0);
    const running = table.invoke('exports/run', { jobId, format: 'ics', fromDate: '2025-01-01', toDate: '2025-12-31' }, caller);
    await wrote; // the worker is under way
    expect(await table.invoke('exports/cancel', { jobId }, caller)).toEqual({ ok: true, data: null });
    expect(await running).toEqual({ ok: true, data: { status: 'cancelled' } });
    expect(await table.invoke('exports/read', { jobId, offset: 0 }, caller)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const db = openDatabase(temp.file);
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE entity_type = 'export'`).pluck().get()).toBe(0);
    db.close();
  });

  it('runs a report off the main thread and hands its CSV back', async () => {
    const { services, table } = start();
    await services.started();
    await signInManager(services);
    const jobId = newId<string>();
    const r = (await table.invoke('reports/run', { jobId, fromDate: '2025-03-01', toDate: '2025-03-31' }, caller)) as Result<ReportOutcome>;
    expect(r.ok).toBe(true);
    if (!r.ok || r.data.status !== 'done') throw new Error('report failed');
    const { report } = r.data;
    expect(report.totals).toHaveLength(PROVIDERS);
    // Fixture providers are open around the clock: 31 days minus the spring-forward hour; the bulk ones have no hours.
    expect(report.totals.find((x) => x.providerName === 'Dr. Smith')).toMatchObject({ openMin: 31 * 1440 - 60 });
    expect(report.totals.find((x) => x.providerName === 'Dr. Bulk 02')).toMatchObject({ openMin: 0, utilization: null, visits: expect.any(Number) });
    const csv = parse(await readAll(table, jobId), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(csv.filter((x) => x.granularity === 'total')).toHaveLength(PROVIDERS);
  });

  it('refuses bad input with VALIDATION and writes nothing', async () => {
    const { services, table } = start();
    await services.started();
    await signInManager(services);
    const jobId = newId<string>();
    expect(await table.invoke('exports/run', { jobId, format: 'csv', fromDate: '2025-02-01', toDate: '2025-01-31' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The last date must be on or after the first date.' },
    });
    expect(await table.invoke('exports/run', { jobId, format: 'xls', fromDate: '2025-01-01', toDate: '2025-01-31' } as never, caller)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(existsSync(join(dirname(temp.file), 'exports'))).toBe(false);
  });
});
