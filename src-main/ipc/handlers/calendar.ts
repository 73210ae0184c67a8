import { calendarRange } from '../../core/calendar/range';
import type { AppHandlers } from './context';

/** The calendar grid's one read per shown range. */
export const calendarHandlers: AppHandlers<'calendar'> = {
  'calendar/get-range': (input, { services }) => calendarRange(services.core().db, input),
};
