import { create } from 'zustand';
import type { DeskLockStatus } from '../../../../src-shared/domain/desk-lock';
import type { AppErrorShape, Result } from '../../../../src-shared/domain/errors';
import { invoke, onEvent } from '../../api';
import { useNotices } from '../../stores/notices';

/**
 * The desk lock as main reports it (main decides: idle, Ctrl+L, the OS screen
 * lock). While locked, App unmounts everything that can show patient data.
 * Activity is reported at most every 30 s; main's timer decides what is idle.
 */
export const ACTIVITY_REPORT_EVERY_MS = 30_000;

interface DeskLockState {
  /** Null until main has answered: nothing with patient data is shown before. */
  status: DeskLockStatus | null;
  /** Why the last unlock try was refused (wrong passcode, wait after too many). */
  unlockError: AppErrorShape | null;
  unlocking: boolean;
  connect(): () => void;
  lock(): Promise<void>;
  unlock(passcode: string): Promise<boolean>;
  setPasscode(input: { current?: string; passcode: string }): Promise<Result<DeskLockStatus>>;
  setLockAfter(lockAfterMin: number): Promise<Result<DeskLockStatus>>;
  /** Pointer or key activity on the window; sent to main at most every 30 s. */
  activity(): void;
}

let lastReport = 0;

export const useDeskLock = create<DeskLockState>()((set, get) => {
  const accept = (status: DeskLockStatus): void => {
    const wasLocked = get().status?.locked ?? false;
    // A refusal stays on the lock screen while it is the same lock (e.g. the wait after wrong tries).
    set({ status, ...(status.locked && wasLocked ? {} : { unlockError: null }) });
    if (status.locked && !wasLocked) {
      // Messages on screen may name what the desk was doing: they go with the rest.
      const notices = useNotices.getState();
      for (const n of notices.notices) notices.dismiss(n.id);
    }
    if (!status.locked && wasLocked) lastReport = 0;
  };
  const fromResult = (r: Result<DeskLockStatus>): Result<DeskLockStatus> => {
    if (r.ok) accept(r.data);
    return r;
  };

  return {
    status: null,
    unlockError: null,
    unlocking: false,
    connect() {
      let stopped = false;
      const off = onEvent('desk-lock/changed', accept);
      const read = (): void => {
        void invoke('desk-lock/get-status', {}).then((r) => {
          if (stopped) return;
          if (r.ok) accept(r.data);
          else setTimeout(read, 2_000); // main still starting or busy: ask again, showing nothing meanwhile
        });
      };
      read();
      return () => {
        stopped = true;
        off();
      };
    },
    async lock() {
      const r = await invoke('desk-lock/lock', {});
      if (r.ok) accept(r.data);
    },
    async unlock(passcode) {
      if (get().unlocking) return false;
      set({ unlocking: true });
      const r = await invoke('desk-lock/unlock', passcode === '' ? {} : { passcode });
      set({ unlocking: false });
      if (r.ok) {
        accept(r.data);
        return true;
      }
      set({ unlockError: r.error });
      // A wait after too many wrong tries comes with main's status (retryAt); read it for the countdown.
      if (r.error.code === 'LOCKED') void invoke('desk-lock/get-status', {}).then((s) => s.ok && accept(s.data));
      return false;
    },
    setPasscode: async (input) => fromResult(await invoke('desk-lock/set-passcode', input)),
    setLockAfter: async (lockAfterMin) => fromResult(await invoke('desk-lock/set-lock-after', { lockAfterMin })),
    activity() {
      const status = get().status;
      if (!status || status.locked) return;
      const t = Date.now(); // throttles UI traffic only; main's clock decides what is idle
      if (t - lastReport < ACTIVITY_REPORT_EVERY_MS) return;
      lastReport = t;
      void invoke('desk-lock/report-activity', {});
    },
  };
});
