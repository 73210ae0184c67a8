import { create } from 'zustand';

/**
 * Which of the shell's sections fills the main area (schedule, sync, reports,
 * set-up…). The sections themselves are listed in App.tsx; this only remembers
 * the chosen one, so any feature can send the desk there (e.g. "open conflicts").
 */
interface SectionState {
  section: string;
  show(section: string): void;
}

const DEFAULT_SECTION = 'schedule';

export const useSection = create<SectionState>()((set) => ({
  section: DEFAULT_SECTION,
  show: (section) => set({ section }),
}));
