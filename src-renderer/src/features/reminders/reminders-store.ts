import { create } from 'zustand';
import type { ReminderDayItemDto, ReminderDto } from '../../../../src-shared/domain/calendar';
import type { LocationId } from '../../../../src-shared/domain/ids';
import { invoke, onEvent } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * Reminder status for the desk (DESIGN.md habit 10): one visit's reminders
 * (appointment panel) and one day's (the reminders list). Refreshes on
 * `reminders/changed`.
 */
interface RemindersState {
  forAppointment: Record<string, ReminderDto[]>;
  day: { key: string; items: ReminderDayItemDto[] } | null;
  dayLoading: boolean;
  loadForAppointment(appointmentId: string): Promise<void>;
  loadDay(date: string, locationId: LocationId | null, force?: boolean): Promise<void>;
  /** Sends a failed or skipped reminder again; main pushes `reminders/changed`. */
  resend(reminderId: string): Promise<boolean>;
  connect(): () => void;
}

let shownDay: { date: string; locationId: LocationId | null } | null = null;

export const useReminders = create<RemindersState>()((set, get) => ({
  forAppointment: {},
  day: null,
  dayLoading: false,

  async loadForAppointment(appointmentId) {
    const r = await invoke('reminders/list-for-appointment', { appointmentId });
    if (r.ok) set((s) => ({ forAppointment: { ...s.forAppointment, [appointmentId]: r.data } }));
    else notifyError(r.error);
  },

  async loadDay(date, locationId, force = false) {
    shownDay = { date, locationId };
    const key = `${date}|${locationId ?? '*'}`;
    if (!force && get().day?.key === key) return;
    set({ dayLoading: true });
    const r = await invoke('reminders/list-for-day', { date, ...(locationId ? { locationId } : {}) });
    if (shownDay.date !== date || shownDay.locationId !== locationId) return;
    if (r.ok) set({ day: { key, items: r.data }, dayLoading: false });
    else {
      set({ dayLoading: false });
      notifyError(r.error);
    }
  },

  async resend(reminderId) {
    const r = await invoke('reminders/resend', { reminderId });
    if (!r.ok) notifyError(r.error);
    return r.ok;
  },

  connect() {
    return onEvent('reminders/changed', ({ appointmentIds }) => {
      const known = get().forAppointment;
      for (const id of appointmentIds) if (known[id]) void get().loadForAppointment(id);
      if (shownDay) void get().loadDay(shownDay.date, shownDay.locationId, true);
    });
  },
}));
