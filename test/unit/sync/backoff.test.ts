import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, PROBE_BASE_MS, PROBE_CAP_MS, probeDelay } from '@main/sync/backoff';

describe('backoff with full jitter', () => {
  it('waits a uniform share of base · 2^(n-1), capped', () => {
    expect(backoffDelay(1, () => 0.999_999)).toBe(BACKOFF_BASE_MS - 1);
    expect(backoffDelay(3, () => 0.5)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffDelay(4, () => 0)).toBe(0);
    expect(backoffDelay(40, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(40, () => 0.5, 60_000)).toBe(30_000);
  });

  it('spreads desks that failed together', () => {
    const waits = Array.from({ length: 200 }, () => backoffDelay(5));
    expect(new Set(waits).size).toBeGreaterThan(150);
    expect(Math.max(...waits)).toBeLessThan(16 * BACKOFF_BASE_MS);
  });
});

describe('probing an unreachable hub', () => {
  it('doubles from 1 s and never waits longer than the cap', () => {
    expect(probeDelay(1, () => 0.999_999)).toBe(PROBE_BASE_MS - 1);
    expect(probeDelay(1, () => 0)).toBe(PROBE_BASE_MS / 2);
    expect(probeDelay(2, () => 0)).toBe(PROBE_BASE_MS);
    expect(probeDelay(3, () => 0.5)).toBe(3 * PROBE_BASE_MS);
    for (let n = 1; n < 60; n++) expect(probeDelay(n)).toBeLessThan(PROBE_CAP_MS);
    expect(probeDelay(1_000, () => 0)).toBe(PROBE_CAP_MS / 2);
  });

  it('spreads desks that lost the hub together', () => {
    const waits = Array.from({ length: 200 }, () => probeDelay(10));
    expect(new Set(waits).size).toBeGreaterThan(150);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(PROBE_CAP_MS / 2);
  });
});
