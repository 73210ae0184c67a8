import type { ProviderCalendarDto } from '@shared/domain/provider-calendars';
import type { AppErrorShape } from '@shared/domain/errors';
import type { ProviderCalendarInput } from '@shared/schemas/provider-calendars';
import { invoke, liveQuery, useLiveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * Providers' own calendars in the Sync section: the list with each one's
 * state, a live query read again on `sync/status` (main pushes it when a
 * calendar's state changes) while the section is open. Saving and testing
 * answer with the error for the form to show; the password is sent, never received.
 */
const providerCalendars = liveQuery('provider-calendars/list', { refreshOn: { 'sync/status': true }, onError: notifyError });

/** Reads the list and follows it while the section is open; returns the function that stops. */
export function followProviderCalendars(): () => void {
  const stop = providerCalendars.follow();
  void providerCalendars.setInput({});
  return stop;
}

const NONE: ProviderCalendarDto[] = [];
/** The list (empty until read) and whether it has been read. */
export const useProviderCalendarList = (): ProviderCalendarDto[] => useLiveQuery(providerCalendars, (s) => s.data ?? NONE);
export const useProviderCalendarsLoaded = (): boolean => useLiveQuery(providerCalendars, (s) => s.data !== null);

/** Changes to the list; each answers with what the form shows. */
interface ProviderCalendarActions {
  test(input: ProviderCalendarInput): Promise<AppErrorShape | null>;
  save(input: ProviderCalendarInput): Promise<AppErrorShape | null>;
  remove(providerId: ProviderCalendarDto['providerId']): Promise<boolean>;
  refresh(): Promise<void>;
}

export const providerCalendarActions: ProviderCalendarActions = {
  async test(input) {
    const r = await invoke('provider-calendars/test', input);
    return r.ok ? null : r.error;
  },
  async save(input) {
    const r = await invoke('provider-calendars/save', input);
    if (!r.ok) return r.error;
    await providerCalendars.reload();
    return null;
  },
  async remove(providerId) {
    const r = await invoke('provider-calendars/remove', { providerId });
    await providerCalendars.reload();
    if (!r.ok) notifyError(r.error);
    return r.ok;
  },
  async refresh() {
    const r = await invoke('provider-calendars/refresh', {});
    if (!r.ok) notifyError(r.error);
  },
};
