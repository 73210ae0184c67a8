import type { EpochMs } from './ids';

/**
 * The desk lock (src-main/app/desk-lock.ts): the desk is locked whenever
 * nobody is signed in; then main answers only the start and lock screens'
 * channels and the renderer unmounts everything that could show patient data.
 */
export type DeskLockReason = 'start' | 'idle' | 'manual' | 'screen-lock' | 'suspend';

export const LOCK_AFTER_MIN_DEFAULT = 5;
export const LOCK_AFTER_MIN_RANGE = { min: 1, max: 60 } as const;

export interface DeskLockStatus {
  locked: boolean;
  /** Why it locked (null while unlocked). */
  reason: DeskLockReason | null;
  lockedAt: EpochMs | null;
  /** Minutes without activity before the desk locks by itself. */
  lockAfterMin: number;
  /** Main's clock at the time of the answer. */
  now: EpochMs;
}
