import { listCalendars, removeProviderCalendar, saveProviderCalendar, testProviderCalendar, type CalendarServices } from '../../app/calendar-actions';
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

export const calendarsHandlers: AppHandlers<'calendars'> = {
  'calendars/list': (_input, { services }) => listCalendars(services.core()),
  'calendars/save': (input, { services }) => saveProviderCalendar(calendarServices(services), input),
  'calendars/test': (input, { services }) => testProviderCalendar(services.core().db, input),
  'calendars/remove': (input, { services }) => removeProviderCalendar(calendarServices(services), input.providerId),
  'calendars/refresh': (input, { services }) => {
    services.calendars.start(); // idempotent: a calendar connected at another moment starts the loop
    services.calendars.refresh(input.providerId);
    return null;
  },
};
