/** Recurring visits: the rule's dates (luxon, location zone), the check before booking, booking all or none, changing one or the following. */
export { checkSeries, bookSeries, seriesOfAppointment, cancelSeries, moveSeries, checkSeriesMove, undoSeriesChange } from './service';
export { occurrencesOf } from './recurrence';
export { applyRemoteSeries } from './remote';
