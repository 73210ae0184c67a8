import { listCalendars, removeProviderCalendar, saveProviderCalendar, testProviderCalendar, type CalendarServices } from '../../app/provider-calendars';
import type { AppServices } from '../../app/services';
import type { ProviderId } from '@shared/domain/ids';
import type { AppHandlers } from './context';

/** Providers' own calendars (CalDAV) in the Sync section. */
const calendarServices = (services: AppServices): CalendarServices => ({
  core: () => services.core(),
  calendars: services.calendars,
  onBusyChanged: (providerIds) =>
    services.events.emit('appointments/changed', {
      operation: 'calendar.busy',
      appointmentIds: [],
      providerIds: providerIds as ProviderId[],
      locationIds: [],
      dates: [],
    }),
});

export const providerCalendarHandlers: AppHandlers<'provider-calendars'> = {
  'provider-calendars/list': (_input, { services }) => listCalendars(services.core()),
  'provider-calendars/save': (input, { services }) => saveProviderCalendar(calendarServices(services), input),
  'provider-calendars/test': (input, { services }) => testProviderCalendar(services.core().db, input),
  'provider-calendars/remove': (input, { services }) => removeProviderCalendar(calendarServices(services), input.providerId),
  'provider-calendars/refresh': (input, { services }) => {
    services.calendars.start(); // idempotent: a calendar connected at another moment starts the loop
    services.calendars.refresh(input.providerId);
    return null;
  },
};
