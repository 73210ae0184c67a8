import type { HandlerGroups } from '../handler-types';
import { appHandlers } from './app';
import { appointmentHandlers } from './appointments';
import { calendarHandlers } from './calendar';
import { clinicHandlers } from './clinic';
import type { HandlerContext } from './context';
import { patientHandlers } from './patients';
import { reminderHandlers } from './reminders';
import { slotHandlers } from './slots';
import { syncHandlers } from './sync';
import { providerCalendarHandlers } from './provider-calendars';
import { importHandlers } from './import';
import { blockoutHandlers } from './blockouts';
import { updateHandlers } from './updates';
import { exportHandlers } from './exports';
import { reportHandlers } from './reports';
import { deskLockHandlers } from './desk-lock';
import { auditHandlers, sessionHandlers, signInHandlers, staffHandlers } from './people';
import { backupHandlers } from './backups';
import { hubAdminHandlers } from './hub-admin';
import { seriesHandlers, waitlistHandlers } from './waitlist';
import { ehrHandlers } from './ehr';

/** One entry per contract domain; the type makes a missing domain or channel a compile error. */
export const handlerGroups: HandlerGroups<HandlerContext> = {
  app: appHandlers,
  updates: updateHandlers,
  clinic: clinicHandlers,
  appointments: appointmentHandlers,
  patients: patientHandlers,
  slots: slotHandlers,
  calendar: calendarHandlers,
  reminders: reminderHandlers,
  sync: syncHandlers,
  'provider-calendars': providerCalendarHandlers,
  import: importHandlers,
  blockouts: blockoutHandlers,
  exports: exportHandlers,
  reports: reportHandlers,
  'desk-lock': deskLockHandlers,
  'sign-in': signInHandlers,
  session: sessionHandlers,
  staff: staffHandlers,
  audit: auditHandlers,
  backups: backupHandlers,
  'hub-admin': hubAdminHandlers,
  waitlist: waitlistHandlers,
  series: seriesHandlers,
  ehr: ehrHandlers,
};
