/**
 * `npm run demo -- --file PATH [--scale] [--seed N] [--now ISO-INSTANT]`
 * Writes a demo clinic into a new (or empty) database file and prints what it built.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../core/db/open';
import { systemClock, FixedClock, type Clock } from '../platform/clock';
import { generateDemoClinic } from '../core/demo/generate';

function main(): void {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      scale: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
    },
    strict: true,
  });
  if (!values.file) {
    process.stderr.write('usage: npm run demo -- --file PATH [--scale] [--seed N] [--now 2026-03-10T15:00:00Z]\n');
    process.exit(2);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  let clock: Clock = systemClock;
  if (values.now !== undefined) {
    const t = Date.parse(values.now);
    if (Number.isNaN(t)) throw new Error(`--now must be an ISO instant, got ${values.now}`);
    clock = new FixedClock(t);
  }

  const db = openDatabase(values.file);
  const started = process.hrtime.bigint();
  let lastLine = '';
  try {
    const summary = generateDemoClinic(db, {
      clock,
      seed,
      scale: values.scale,
      onProgress: (p) => {
        const line = `${p.stage} ${Math.floor((100 * p.done) / Math.max(1, p.total))}%`;
        if (line !== lastLine) process.stderr.write(`${line}\n`);
        lastLine = line;
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${JSON.stringify({ file: values.file, seconds: Number(seconds.toFixed(1)), ...summary }, null, 2)}\n`);
  } finally {
    db.close();
  }
}

main();
