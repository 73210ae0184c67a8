import { auditSchedulePrint, auditScheduleView } from '../../core/audit';
import { calendarRange } from '../../core/calendar/range';
import { packCalendarRange } from '@shared/ipc/calendar-range-wire';
import type { AppHandlers } from './context';

/** The calendar grid's one read per shown range. */
export const calendarHandlers: AppHandlers<'calendar'> = {
  'calendar/get-range': (input, { services }) => {
    const ctx = services.core();
    const range = calendarRange(ctx.db, input);
    auditScheduleView(ctx, { view: 'grid', locationId: input.locationId ?? null, from: input.from, to: input.to });
    return packCalendarRange(range);
  },
  'calendar/record-print': (input, { services }) => {
    auditSchedulePrint(services.core(), input);
    return null;
  },
};
