/**
 * Retry steps for reminders, drawn with full jitter (fullJitterDelay in src-main/sync/backoff.ts).
 * Longer than the sync queue's: a mail server or SMS gateway that is down is usually down for
 * minutes, not seconds.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the reminder is marked failed. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 60_000, capMs: 30 * 60_000 };
