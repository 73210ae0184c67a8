import { create } from 'zustand';
import type { DeskLockStatus } from '@shared/domain/desk-lock';
import type { AppErrorShape, Result } from '@shared/domain/errors';
import type { Permission } from '@shared/domain/permissions';
import type { SessionDto, SignInScreenDto } from '@shared/domain/staff';
import { invoke, onEvent } from '../../api';

/**
 * Sign-in and the desk lock as main reports them (main decides: idle, Ctrl+L,
 * the OS screen lock). The desk is locked whenever nobody is signed in; then
 * App unmounts everything that can show patient data. Activity is reported at
 * most every 30 s; main's timer decides what is idle.
 */
const ACTIVITY_REPORT_EVERY_MS = 30_000;

interface DeskLockState {
  /** Null until main has answered: nothing with patient data is shown before. */
  status: DeskLockStatus | null;
  /** Who is signed in and what they may do; null until main has answered. */
  session: SessionDto | null;
  /** The "Who is at the desk?" list (read while locked). */
  screen: SignInScreenDto | null;
  /** Why the last sign-in try was refused (wrong PIN, wait after too many). */
  signInError: AppErrorShape | null;
  signingIn: boolean;
  connect(): () => void;
  loadScreen(): Promise<void>;
  lock(): Promise<void>;
  signIn(staffId: string, secret: string): Promise<boolean>;
  createFirstManager(input: { name: string; secret: string; deskPasscode?: string }): Promise<Result<SessionDto>>;
  changeOwnSecret(input: { current: string; secret: string }): Promise<Result<SessionDto>>;
  clearSignInError(): void;
  setLockAfter(lockAfterMin: number): Promise<Result<DeskLockStatus>>;
  /** Pointer or key activity on the window; sent to main at most every 30 s. */
  activity(): void;
}

export const useDeskLock = create<DeskLockState>()((set, get) => {
  /** When activity was last reported to main: a busy pointer costs one call per period. */
  let lastReport = 0;
  const accept = (status: DeskLockStatus): void => {
    const before = get().status;
    if (status.locked && before !== null && !before.locked) {
      // Signed out: the page starts afresh at the lock screen, so nothing the last person saw stays
      // in memory either (open records, search results, messages) for the next person.
      window.location.reload();
      return;
    }
    const wasLocked = before?.locked ?? false;
    set({ status });
    if (!status.locked && wasLocked) {
      lastReport = 0;
      set({ signInError: null });
    }
  };
  const acceptSession = (session: SessionDto): void => set({ session });

  return {
    status: null,
    session: null,
    screen: null,
    signInError: null,
    signingIn: false,
    connect() {
      let stopped = false;
      const offs = [
        onEvent('desk-lock/changed', accept),
        onEvent('session/changed', acceptSession),
        onEvent('staff/changed', () => {
          if (get().status?.locked) void get().loadScreen();
        }),
      ];
      const read = (): void => {
        void Promise.all([invoke('desk-lock/get-status', {}), invoke('session/get', {})]).then(([r, s]) => {
          if (stopped) return;
          if (r.ok && s.ok) {
            acceptSession(s.data);
            accept(r.data);
            if (r.data.locked) void get().loadScreen();
          } else setTimeout(read, 2_000); // main still starting or busy: ask again, showing nothing meanwhile
        });
      };
      read();
      return () => {
        stopped = true;
        offs.forEach((off) => off());
      };
    },
    async loadScreen() {
      const r = await invoke('sign-in/screen', {});
      if (r.ok) set({ screen: r.data });
    },
    async lock() {
      const r = await invoke('desk-lock/lock', {});
      if (r.ok) accept(r.data);
    },
    async signIn(staffId, secret) {
      if (get().signingIn) return false;
      set({ signingIn: true });
      const r = await invoke('sign-in/sign-in', { staffId, secret });
      set({ signingIn: false });
      if (r.ok) {
        acceptSession(r.data);
        return true;
      }
      set({ signInError: r.error });
      // A wait after too many wrong tries shows on that person's name too.
      if (r.error.code === 'LOCKED' || r.error.code === 'NOT_FOUND') void get().loadScreen();
      return false;
    },
    async createFirstManager(input) {
      const r = await invoke('sign-in/create-first-manager', input);
      if (r.ok) acceptSession(r.data);
      return r;
    },
    async changeOwnSecret(input) {
      return invoke('session/change-own-secret', input);
    },
    clearSignInError: () => set({ signInError: null }),
    async setLockAfter(lockAfterMin) {
      const r = await invoke('desk-lock/set-lock-after', { lockAfterMin });
      if (r.ok) accept(r.data);
      return r;
    },
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

/** Whether the signed-in person may do this (main refuses anyway; this only hides what they may not do). */
export function useMay(permission: Permission): boolean {
  return useDeskLock((s) => s.session?.permissions.includes(permission) ?? false);
}
