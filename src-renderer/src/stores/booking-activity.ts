import { create } from 'zustand';
import { invoke } from '../api';

/**
 * Booking, reschedule and cancel dialogs report here while they are open, so
 * main never restarts for an update under a receptionist mid-booking.
 */
interface BookingActivityState {
  openDialogs: number;
  dialogOpened(): void;
  dialogClosed(): void;
}

const report = (open: boolean): void => void invoke('app/set-booking-open', { open });

export const useBookingActivity = create<BookingActivityState>()((set, get) => ({
  openDialogs: 0,
  dialogOpened() {
    if (get().openDialogs === 0) report(true);
    set((s) => ({ openDialogs: s.openDialogs + 1 }));
  },
  dialogClosed() {
    const openDialogs = Math.max(0, get().openDialogs - 1);
    if (openDialogs === 0 && get().openDialogs > 0) report(false);
    set({ openDialogs });
  },
}));
