import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from '../../../src-main/sync/backoff';

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
