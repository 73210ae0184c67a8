import { create } from 'zustand';
import { hasCode, type AppErrorShape } from '@shared/domain/errors';
import type { FirstRunStart } from '@shared/schemas/first-run';
import { invoke } from '../../api';
import { useSection } from '../../stores/section';

/**
 * The first-run choice: the demo clinic to explore, or an empty
 * clinic the manager describes in the Set-up section, guided step by step.
 * Main's status events then move the app on (building the demo, or ready).
 */
interface FirstRunState {
  choosing: FirstRunStart | null;
  error: AppErrorShape | null;
  resetting: boolean;
  choose(start: FirstRunStart): Promise<void>;
  /** Rebuilds the demo clinic; the page then reloads (at the lock screen), as every screen's data changed. */
  resetDemo(): Promise<void>;
}

export const useFirstRun = create<FirstRunState>()((set, get) => ({
  choosing: null,
  error: null,
  resetting: false,
  async resetDemo() {
    if (get().resetting) return;
    set({ resetting: true, error: null });
    const r = await invoke('app/reset-demo', {});
    // The rebuilt demo has its own staff, so main signs everyone out: that answer (LOCKED) means done.
    if (!r.ok && !(hasCode(r.error, 'LOCKED') && r.error.details?.deskLocked === true)) return set({ resetting: false, error: r.error });
    window.location.reload();
  },
  async choose(start) {
    if (get().choosing) return;
    set({ choosing: start, error: null });
    // An empty clinic opens on the guided set-up rather than an empty schedule.
    if (start === 'empty') useSection.getState().show('setup');
    const r = await invoke('app/choose-start', { start });
    if (!r.ok) set({ choosing: null, error: r.error });
  },
}));
