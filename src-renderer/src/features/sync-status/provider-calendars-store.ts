import { create } from 'zustand';
import type { ProviderCalendarDto } from '@shared/domain/provider-calendars';
import type { AppErrorShape } from '@shared/domain/errors';
import type { ProviderCalendarInput } from '@shared/schemas/provider-calendars';
import { invoke, onEvent } from '../../api/client';
import { notifyError } from '../../stores/notices';

/**
 * Providers' own calendars in the Sync section: the list with each one's
 * state, reloaded on `sync/status` (main pushes it when a calendar's state
 * changes) while the section is open. Saving and testing answer with the
 * error for the form to show; the password is sent, never received.
 */
interface ProviderCalendarsState {
  items: ProviderCalendarDto[];
  loaded: boolean;
  load(): Promise<void>;
  watch(): () => void;
  test(input: ProviderCalendarInput): Promise<AppErrorShape | null>;
  save(input: ProviderCalendarInput): Promise<AppErrorShape | null>;
  remove(providerId: ProviderCalendarDto['providerId']): Promise<boolean>;
  refresh(): Promise<void>;
}

export const useProviderCalendars = create<ProviderCalendarsState>()((set, get) => ({
  items: [],
  loaded: false,
  async load() {
    const r = await invoke('provider-calendars/list', {});
    if (!r.ok) return notifyError(r.error);
    set({ items: r.data, loaded: true });
  },
  watch() {
    void get().load();
    const off = onEvent('sync/status', () => void get().load());
    return off;
  },
  async test(input) {
    const r = await invoke('provider-calendars/test', input);
    return r.ok ? null : r.error;
  },
  async save(input) {
    const r = await invoke('provider-calendars/save', input);
    if (!r.ok) return r.error;
    await get().load();
    return null;
  },
  async remove(providerId) {
    const r = await invoke('provider-calendars/remove', { providerId });
    await get().load();
    if (!r.ok) notifyError(r.error);
    return r.ok;
  },
  async refresh() {
    const r = await invoke('provider-calendars/refresh', {});
    if (!r.ok) notifyError(r.error);
  },
}));
