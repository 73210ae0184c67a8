/**
 * Manager exports, run in-process through the same core the export
 * worker runs (runExportJob), so the worker's start-up is not counted.
 *
 * The clinic: the demo clinic (2 locations, 12 providers, 20,000 patients,
 * six weeks of visits with reminders), its visits copied with new ids into
 * later six-week blocks (and onto the same days once the range is full) until
 * the export range holds exactly 100,000 visits.
 *
 * export.csv.100k — seconds to write the schedule CSV of those 100,000 visits
 *   with patient names and phones.
 * export.ics.100k — seconds to write them as iCalendar (cancelled visits are
 *   left out of a calendar; the rest are events), with the VTIMEZONEs.
 * export.pdf.1k — seconds to write day sheets (one page per provider per
 *   day, with names) for the first days and the fewest providers holding at
 *   least 1,000 visits (the exact count is in info.visits).
 *
 * Each baseline, measured in the same run: the same rows read the same way
 * (exportRows with the same options: the SQL read and local times), written
 * as plain text, one line per visit with its fields joined by tabs, with
 * fs.writeFileSync. ratio = export / plain (what the format writer costs on
 * top of the read).
 *
 * Floor: export.csv.100k ≤ 2 s.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoClinic } from '../../src-main/core/demo';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { countExportRows, exportRows, runExportJob, type ExportJob, type ExportScope, type RowOptions } from '../../src-main/core/exports';
import { newId } from '../../src-main/core/ids';
import { FixedClock } from '../../src-main/platform/clock';
import { round, tempDir, type BenchResult } from './lib';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const BIG = 100_000;
const SMALL = 1_000;
const BLOCK_DAYS = 42;
const BLOCKS = 9; // 378 days: inside the 400-day limit of one export
const CSV_FLOOR_SECONDS = 2;
const DAY_MS = 86_400_000;

interface Appt {
  id: string;
  patient_id: string;
  provider_id: string;
  location_id: string;
  room_id: string | null;
  type_id: string;
  start_at: number;
  end_at: number;
  busy_start_at: number;
  busy_end_at: number;
  status: string;
  created_at: number;
  updated_at: number;
}

/** Copies the demo's visits (and their reminders) with new ids until there are `target`. */
function growTo(db: WriteDb, target: number): void {
  const base = db.prepare(`SELECT id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, busy_start_at, busy_end_at, status, created_at, updated_at FROM appointments ORDER BY start_at, id`).all() as Appt[];
  const reminders = db.prepare(`SELECT appointment_id AS a, offset_min AS o, due_at AS d, state AS s, updated_at AS u FROM reminders`).all() as Array<{ a: string; o: number; d: number; s: string; u: number }>;
  const byAppt = new Map<string, typeof reminders>();
  for (const r of reminders) byAppt.set(r.a, [...(byAppt.get(r.a) ?? []), r]);
  const insert = db.prepare(
    `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, busy_start_at, busy_end_at, status, created_at, updated_at)
     VALUES (@id, @patient_id, @provider_id, @location_id, @room_id, @type_id, @start_at, @end_at, @busy_start_at, @busy_end_at, @status, @created_at, @updated_at)`,
  );
  const insertReminder = db.prepare(`INSERT INTO reminders (id, appointment_id, offset_min, due_at, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)`);
  let n = base.length;
  db.transaction(() => {
    for (let copy = 1; n < target; copy++) {
      // Later six-week blocks first, then the same days again (more visits a day).
      const shift = (copy % BLOCKS) * BLOCK_DAYS * DAY_MS;
      for (const a of base) {
        if (n >= target) break;
        const id = newId<string>();
        insert.run({ ...a, id, start_at: a.start_at + shift, end_at: a.end_at + shift, busy_start_at: a.busy_start_at + shift, busy_end_at: a.busy_end_at + shift });
        for (const r of byAppt.get(a.id) ?? []) insertReminder.run(newId(), id, r.o, r.d + shift, r.s, r.u);
        n++;
      }
    }
  })();
}

/** The whole span of visits as local dates (the earliest start and latest start, with a day either side for the zones). */
function spanOf(db: WriteDb): ExportScope {
  const { lo, hi } = db.prepare(`SELECT min(start_at) AS lo, max(start_at) AS hi FROM appointments`).get() as { lo: number; hi: number };
  return { fromDate: new Date(lo - DAY_MS).toISOString().slice(0, 10), toDate: new Date(hi + DAY_MS).toISOString().slice(0, 10) };
}

/**
 * The first local dates holding at least `rows` visits, then as few providers
 * (by name) as still hold that many: day sheets for about `rows` visits.
 */
function firstDaysHolding(db: WriteDb, scope: ExportScope, rows: number): ExportScope {
  let n = 0;
  let toDate = scope.fromDate;
  for (const r of exportRows(db, scope, { names: false, reminders: false })) {
    n++;
    toDate = r.date;
    if (n >= rows) break;
  }
  const days = { fromDate: scope.fromDate, toDate };
  const providers = db.prepare(`SELECT id FROM providers ORDER BY name, id`).pluck().all() as string[];
  for (let k = 1; k <= providers.length; k++) {
    const some = { ...days, providerIds: providers.slice(0, k) };
    if (countExportRows(db, some) >= rows) return some;
  }
  return days;
}

/** The baseline: the same rows, tab-joined lines, one writeFileSync. */
function writePlain(db: WriteDb, scope: ExportScope, opts: RowOptions, file: string): number {
  const lines: string[] = [];
  for (const r of exportRows(db, scope, opts)) {
    lines.push(
      [r.date, r.start, r.end, r.zone, r.locationName, r.roomName, r.providerName, r.typeName, r.status, r.confirmation, r.reminders, r.id, r.patientName ?? '', r.patientPhone ?? ''].join('\t'),
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return lines.length;
}

/** The bench clinic in `file` (also used to profile the writers); `all` holds 100,000 visits, `small` at least 1,000. */
export function exportBenchClinic(file: string): { db: WriteDb; all: ExportScope; small: ExportScope } {
  const db = openDatabase(file);
  generateDemoClinic(db, { clock: new FixedClock(NOW), seed: 7 });
  growTo(db, BIG);
  const all = spanOf(db);
  return { db, all, small: firstDaysHolding(db, all, SMALL) };
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

export default async function exportsBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = tempDir();
  try {
    const { db, all, small } = exportBenchClinic(join(dir, 'clinic.sqlite'));
    const job = (format: ExportJob['format'], scope: ExportScope, includePatientNames: boolean): ExportJob => ({
      kind: 'export',
      jobId: `bench-${format}`,
      format,
      scope,
      includePatientNames,
      includeBlockouts: false,
      dir,
      now: NOW,
    });

    const measure = async (name: string, format: ExportJob['format'], scope: ExportScope, names: boolean, floor?: number): Promise<BenchResult[]> => {
      const t0 = process.hrtime.bigint();
      const plainRows = writePlain(db, scope, { names, reminders: format === 'csv' }, join(dir, `${format}.txt`));
      const plain = seconds(t0);
      const t1 = process.hrtime.bigint();
      const r = await runExportJob(db, job(format, scope, names));
      const value = seconds(t1);
      return [
        { name: `${name}.plain`, value: round(plain, 3), unit: 's', info: { rows: plainRows, bytes: statSync(join(dir, `${format}.txt`)).size } },
        {
          name,
          value: round(value, 3),
          unit: 's',
          baseline: `${name}.plain`,
          ratio: round(value / plain, 2),
          info: {
            visits: plainRows,
            written: r.rows,
            writtenIs: format === 'pdf' ? 'pages' : format === 'ics' ? 'events (cancelled visits left out)' : 'rows',
            bytes: statSync(r.path).size,
            range: `${scope.fromDate}..${scope.toDate}`,
            providers: scope.providerIds?.length ?? 'all',
            ...(floor === undefined ? {} : { floorSeconds: floor, withinFloor: value <= floor }),
          },
        },
      ];
    };

    const results = [
      ...(await measure('export.csv.100k', 'csv', all, true, CSV_FLOOR_SECONDS)),
      ...(await measure('export.ics.100k', 'ics', all, false)),
      ...(await measure('export.pdf.1k', 'pdf', small, true)),
    ];
    db.close();
    const visits = results.find((r) => r.name === 'export.csv.100k')?.info?.visits;
    if (visits !== BIG) throw new Error(`the range held ${String(visits)} visits, expected ${BIG}`);
    return results;
  } finally {
    cleanup();
  }
}
