/**
 * patients.search.p50 / .p95 — milliseconds per search over 1,000 realistic
 * receptionist queries at 1,000,000 demo patients: family-name prefixes as
 * typed, whole family names, "given family" and "Family, Given" pairs, given
 * names, last four phone digits, seven-digit local numbers, whole formatted
 * numbers and area codes. Each query is one call of the real searchPatients
 * (parse, tiered FTS5/B-tree reads, ranking, 25 hits + "more").
 *
 * patients.search.like.p50 / .p95 — the naive alternative measured in the
 * same run on the same database: every query word as `LIKE '%word%'` over the
 * concatenated name, digits as `LIKE '%digits%'` over the phone, ranked exact
 * → prefix → inside and cut to 26 rows. It scans every patient, so a sample
 * of the same queries is enough. ratio = baseline / value (how many times faster).
 *
 * Floor: p95 ≤ 15 ms.
 */
import { join } from 'node:path';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import { BULK_TABLES, withDeferredIndexes } from '../../src-main/core/demo/bulk-load';
import { insertDemoPatients } from '../../src-main/core/demo/patients';
import { Random } from '../../src-main/core/demo/random';
import { parseSearchQuery, searchPatients } from '../../src-main/core/patients';
import { FixedClock } from '../../src-main/platform/clock';
import { percentile, round, tempDir, type BenchResult } from './lib';

const PATIENTS = 1_000_000;
const QUERIES = 1_000;
const WARMUP = 100;
const BASELINE_SAMPLE = 40;
const P95_FLOOR_MS = 15;
const NOW = Date.parse('2026-03-10T15:00:00Z');

interface Person {
  given_name: string;
  family_name: string;
  phone_digits: string;
}

/** Queries a front desk types, drawn from real rows so most of them find someone. */
function realisticQueries(db: WriteDb, rng: Random): string[] {
  const sample = db
    .prepare(`SELECT given_name, family_name, phone_digits FROM patients WHERE rowid % 997 = 0`)
    .all() as Person[];
  const queries: string[] = [];
  while (queries.length < QUERIES) {
    const p = rng.pick(sample);
    const family = p.family_name.split('-')[0]!;
    const r = rng.next();
    const phone = p.phone_digits;
    if (r < 0.3) queries.push(family.slice(0, rng.int(2, Math.min(6, family.length))).toLowerCase());
    else if (r < 0.42) queries.push(family);
    else if (r < 0.5) queries.push(`${p.given_name.slice(0, rng.int(1, 4))} ${family.slice(0, rng.int(2, 5))}`.toLowerCase());
    else if (r < 0.58) queries.push(`${family}, ${p.given_name}`);
    else if (r < 0.65) queries.push(p.given_name.slice(0, rng.int(3, p.given_name.length)));
    else if (phone === '') continue;
    else if (r < 0.82) queries.push(phone.slice(-4));
    else if (r < 0.9) queries.push(`${phone.slice(3, 6)}-${phone.slice(6)}`);
    else if (r < 0.96) queries.push(`(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`);
    else queries.push(phone.slice(0, 3));
  }
  return queries;
}

/** The same search as a full scan: LIKE '%…%' per word and on the digits, ranked, 26 rows. */
function likeSearch(db: WriteDb, query: string): number {
  const q = parseSearchQuery(query, { today: '2026-03-10' });
  const name = `lower(given_name || ' ' || family_name)`;
  const where: string[] = [];
  const rank: string[] = [];
  const params: string[] = [];
  const rankParams: string[] = [];
  for (const w of q.words) {
    where.push(`${name} LIKE ?`);
    params.push(`%${w}%`);
    rank.push(`CASE WHEN ' ' || ${name} || ' ' LIKE ? THEN 0 WHEN ' ' || ${name} LIKE ? THEN 1 ELSE 2 END`);
    rankParams.push(`% ${w} %`, `% ${w}%`);
  }
  if (q.phoneDigits !== null) {
    where.push(`phone_digits LIKE ?`);
    params.push(`%${q.phoneDigits}%`);
    rank.push(`CASE WHEN phone_digits = ? THEN 0 WHEN phone_digits LIKE ? OR phone_digits LIKE ? THEN 1 ELSE 2 END`);
    rankParams.push(q.phoneDigits, `${q.phoneDigits}%`, `%${q.phoneDigits}`);
  }
  const sql = `SELECT id, given_name, family_name, date_of_birth, phone FROM patients
    WHERE ${where.join(' AND ') || '1'} ORDER BY max(${[...rank, '0', '0'].join(', ')}), family_name, given_name LIMIT 26`;
  return db.prepare(sql).all(...rankParams, ...params).length;
}

function timeEach(queries: readonly string[], run: (q: string) => unknown): number[] {
  return queries
    .map((q) => {
      const t0 = process.hrtime.bigint();
      run(q);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    })
    .sort((a, b) => a - b);
}

export default async function patientsBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, 'patients.sqlite'));
  try {
    const buildStart = process.hrtime.bigint();
    const defaultCache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -524288');
    inWriteTransaction(db, () =>
      withDeferredIndexes(db, BULK_TABLES, () => insertDemoPatients(db, { count: PATIENTS, rng: new Random(42), now: NOW })),
    );
    db.pragma(`cache_size = ${defaultCache}`); // searches run with the app's default page cache
    const buildSeconds = Number(process.hrtime.bigint() - buildStart) / 1e9;

    const queries = realisticQueries(db, new Random(7));
    const ctx = { db, clock: new FixedClock(NOW) };
    const search = (query: string) => searchPatients(ctx, { query, limit: 25 });
    timeEach(queries.slice(0, WARMUP), search);
    const fts = timeEach(queries, search);
    const sample = queries.filter((_, i) => i % Math.floor(QUERIES / BASELINE_SAMPLE) === 0).slice(0, BASELINE_SAMPLE);
    const like = timeEach(sample, (q) => likeSearch(db, q));

    const p50 = percentile(fts, 50);
    const p95 = percentile(fts, 95);
    const likeP50 = percentile(like, 50);
    const likeP95 = percentile(like, 95);
    const info = {
      patients: PATIENTS,
      queries: QUERIES,
      p99Ms: round(percentile(fts, 99)),
      maxMs: round(fts[fts.length - 1]!),
      buildSeconds: round(buildSeconds, 1),
    };
    return [
      { name: 'patients.search.like.p50', value: round(likeP50), unit: 'ms', info: { sample: sample.length } },
      { name: 'patients.search.like.p95', value: round(likeP95), unit: 'ms', info: { sample: sample.length } },
      { name: 'patients.search.p50', value: round(p50), unit: 'ms', baseline: 'patients.search.like.p50', ratio: round(likeP50 / p50, 1), info },
      {
        name: 'patients.search.p95',
        value: round(p95),
        unit: 'ms',
        baseline: 'patients.search.like.p95',
        ratio: round(likeP95 / p95, 1),
        info: { ...info, floorMs: P95_FLOOR_MS, meetsFloor: p95 <= P95_FLOOR_MS },
      },
    ];
  } finally {
    db.close();
    cleanup();
  }
}
