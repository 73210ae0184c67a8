/**
 * `npm run bench [filter]`: runs every test/bench/*.bench.ts (each default-exports
 * a Bench), prints a table and writes out/bench/results.json as a list of
 * { name, value, unit, baseline, ratio }. Ratios compare against baselines
 * measured in the same run, because these machines are shared and noisy.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './lib';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

async function main(): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const results: BenchResult[] = [];
  for (const f of files) {
    process.stdout.write(`# ${f}\n`);
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: Bench };
    for (const r of await mod.default()) {
      results.push(r);
      const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio} vs ${r.baseline}`;
      process.stdout.write(`${r.name.padEnd(28)} ${String(r.value).padStart(12)} ${r.unit}${ratio}\n`);
    }
  }
  const out = resolve(here, '../../out/bench/results.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
