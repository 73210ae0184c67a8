import type { EpochMs } from './ids';

/**
 * The desk lock (src-main/app/desk-lock.ts): while locked, main answers only
 * the lock screen's channels and the renderer unmounts everything that could
 * show patient data.
 */
export type DeskLockReason = 'start' | 'idle' | 'manual' | 'screen-lock' | 'suspend';

export const LOCK_AFTER_MIN_DEFAULT = 5;
export const LOCK_AFTER_MIN_RANGE = { min: 1, max: 60 } as const;
/** Wrong passcodes in a row before further tries are refused for a while. */
export const UNLOCK_TRIES_BEFORE_WAIT = 5;
export const UNLOCK_WAIT_MS = 30_000;

export interface DeskLockStatus {
  locked: boolean;
  /** Why it locked (null while unlocked). */
  reason: DeskLockReason | null;
  lockedAt: EpochMs | null;
  /** False on a desk without a passcode (the demo): its lock screen resumes with a click. */
  passcodeSet: boolean;
  /** Minutes without activity before the desk locks by itself. */
  lockAfterMin: number;
  /** While too many wrong passcodes refuse further tries: when tries are accepted again. */
  retryAt: EpochMs | null;
  /** Main's clock at the time of the answer. */
  now: EpochMs;
}
