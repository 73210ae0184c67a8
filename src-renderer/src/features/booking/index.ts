/** The booking feature: what other features and App.tsx may use. */
export { BookingDialogs, NewBookingButton } from './BookingDialogs';
/** The pieces of a "this and the following" move, for the series' own flows. */
export { SeriesMoveReview } from './SeriesMoveReview';
export { exceptionsOf, initialChoices, movingCount, offerSeriesUndo, type MoveChoices } from './series-change';
