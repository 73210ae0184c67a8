/**
 * Retry waits for reminders: exponential backoff with full jitter — the wait
 * after the n-th failed attempt is uniform in [0, min(cap, base · 2^(n-1))).
 * Longer than the sync queue's (src-main/sync/backoff.ts): a mail server or
 * SMS gateway that is down is usually down for minutes, not seconds.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the reminder is marked failed. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 60_000, capMs: 30 * 60_000 };

export function retryDelay(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}
