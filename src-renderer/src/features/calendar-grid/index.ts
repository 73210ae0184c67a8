/** The schedule: the calendar grid and its toolbar, the reminders day view, the selected visit's panel. */
export { AppointmentPanel } from './AppointmentPanel';
export { CalendarView } from './CalendarView';
export { useGrid } from './grid-store';
