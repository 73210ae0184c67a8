import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One line of out/bench/results.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Name of the baseline measured in the same run, when there is one. */
  baseline?: string;
  /** Comparison with the baseline (see each bench for its direction). */
  ratio?: number;
  /** Free-form facts for the reader: sizes, floors, notes. */
  info?: Record<string, unknown>;
}

export type Bench = () => Promise<BenchResult[]> | BenchResult[];

export function tempDir(prefix = 'frontdesk-bench-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(sortedAsc: number[], p: number): number {
  if (sortedAsc.length === 0) return NaN;
  const i = Math.min(sortedAsc.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAsc.length) - 1));
  return sortedAsc[i]!;
}

export function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** Milliseconds taken by fn, using the monotonic high-resolution clock. */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median of `runs` timings after `warmup` untimed runs. */
export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(timeMs(fn));
  return median(xs);
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** CPU milliseconds (user + system) fn took: unlike wall time, not counting while other processes run. */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * Medians of two functions timed in alternation (after `warmup` untimed rounds
 * of each) in CPU time, so both see the same machine load on a shared, noisy
 * machine and neither is charged for time other processes took.
 */
export function pairedMedianMs(a: () => void, b: () => void, runs = 7, warmup = 2): [number, number] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < runs; i++) {
    xs.push(cpuMs(a));
    ys.push(cpuMs(b));
  }
  return [median(xs), median(ys)];
}
