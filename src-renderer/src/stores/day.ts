import { create } from 'zustand';
import { mainNow, useAppStatus } from './app-status';
import { addDays, isValidLocalDate, localDateIn } from '@shared/time';

/**
 * The day every view shows (grid, lists): a local date in the clinic's zone.
 * Null until the clinic is known.
 */
interface DayState {
  day: string | null;
  today(): void;
  next(): void;
  previous(): void;
  show(day: string): void;
}

const clinicZone = (): string => useAppStatus.getState().status?.clinic?.zone ?? 'UTC';
export const todayInClinic = (): string => localDateIn(clinicZone(), mainNow());

export const useDay = create<DayState>()((set, get) => ({
  day: null,
  today: () => set({ day: todayInClinic() }),
  next: () => set({ day: addDays(get().day ?? todayInClinic(), 1) }),
  previous: () => set({ day: addDays(get().day ?? todayInClinic(), -1) }),
  show: (day) => {
    if (isValidLocalDate(day)) set({ day });
  },
}));
