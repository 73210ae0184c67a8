/**
 * demo.generate — seconds to build the demo clinic a first start builds
 * (2 sites, 12 providers, 20,000 patients, six weeks of visits, reminders,
 * blockouts, search index) into a fresh file database, through
 * generateDemoClinic exactly as the app calls it. Median of a few runs.
 */
import { join } from 'node:path';
import { openDatabase } from '../../src-main/core/db/open';
import { generateDemoClinic, type DemoSummary } from '../../src-main/core/demo';
import { FixedClock } from '../../src-main/platform/clock';
import { median, round, tempDir, type BenchResult } from './lib';

const RUNS = 3;
const NOW = Date.parse('2026-03-10T15:00:00Z');

export default async function demoBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = tempDir();
  try {
    const seconds: number[] = [];
    let summary: DemoSummary | null = null;
    for (let i = 0; i < RUNS; i++) {
      const db = openDatabase(join(dir, `demo-${i}.sqlite`));
      try {
        const t0 = process.hrtime.bigint();
        summary = generateDemoClinic(db, { clock: new FixedClock(NOW), seed: 1 });
        seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
      } finally {
        db.close();
      }
    }
    return [
      {
        name: 'demo.generate',
        value: round(median(seconds), 2),
        unit: 's',
        info: { runs: RUNS, patients: summary?.patients, appointments: summary?.appointments, reminders: summary?.reminders },
      },
    ];
  } finally {
    cleanup();
  }
}
