/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): the wait before attempt n+1 is uniform in
 * [0, min(cap, base · 2^(n-1))). Full jitter spreads desks that failed
 * together (the hub restarted) instead of having them retry in step.
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** After this many failed attempts a row needs someone's attention. */
export const MAX_ATTEMPTS = 5;

export function backoffDelay(failedAttempts: number, random: () => number = Math.random, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}
