import { create } from 'zustand';
import type { AppStatus } from '@shared/domain/app';
import type { AppErrorShape } from '@shared/domain/errors';
import { invoke, onEvent } from '../api';

/**
 * Main's start-up state (first-start demo build, ready, failed) and its clock.
 * `clockOffsetMs` maps the browser clock onto main's, so "now" and "today"
 * follow main even when tests pin its clock.
 */
interface AppStatusState {
  status: AppStatus | null;
  /** Why the status could not be read at all (main unreachable). */
  unreachable: AppErrorShape | null;
  clockOffsetMs: number;
  connect(): () => void;
}

export const useAppStatus = create<AppStatusState>()((set, get) => {
  const accept = (status: AppStatus): void =>
    set({ status, unreachable: null, clockOffsetMs: status.now - Date.now() });

  return {
    status: null,
    unreachable: null,
    clockOffsetMs: 0,
    connect() {
      const offs = [
        onEvent('app/status', accept),
        onEvent('demo/progress', (demo) => {
          const current = get().status;
          if (current) set({ status: { ...current, phase: 'building-demo', demo } });
        }),
      ];
      void invoke('app/get-status', {}).then((r) => (r.ok ? accept(r.data) : set({ unreachable: r.error })));
      return () => offs.forEach((off) => off());
    },
  };
});

/** Main's "now" in epoch ms. */
export const mainNow = (): number => Date.now() + useAppStatus.getState().clockOffsetMs;
