/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): the wait before attempt n+1 is uniform in
 * [0, min(cap, base · 2^(n-1))). Full jitter spreads desks that failed
 * together (the hub restarted) instead of having them retry in step.
 * The one such formula in main: the sync queue, calendars and reminders differ only in base and cap.
 */
export function fullJitterDelay(failedAttempts: number, steps: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(steps.capMs, steps.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** After this many failed attempts a row needs someone's attention. */
export const MAX_ATTEMPTS = 5;

/** The sync queue's and the calendars' steps: a second, doubling up to `capMs` (five minutes). */
export function backoffDelay(failedAttempts: number, random: () => number = Math.random, capMs = BACKOFF_CAP_MS): number {
  return fullJitterDelay(failedAttempts, { baseMs: BACKOFF_BASE_MS, capMs }, random);
}

/**
 * While the hub cannot be reached at all, the desk probes it on a short,
 * bounded schedule instead: about 1, 2, 4 s, then every 3–6 s. Each wait is
 * drawn from the upper half of its step ("equal jitter"), so desks that lost
 * the hub together spread out but none waits longer than PROBE_CAP_MS: a hub
 * that comes back is noticed within seconds, and a probe is one connection
 * attempt, cheap for the hub even with many desks.
 */
export const PROBE_BASE_MS = 1_000;
export const PROBE_CAP_MS = 6_000;

export function probeDelay(failedProbes: number, random: () => number = Math.random): number {
  const step = Math.min(PROBE_CAP_MS, PROBE_BASE_MS * 2 ** Math.max(0, failedProbes - 1));
  return Math.floor(step / 2 + random() * (step / 2));
}
