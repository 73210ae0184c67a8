/** Recurring visits on the visit's panel, the words and reach of a change to "this and the following", and the question after a series card is dropped. */
export { SeriesSection } from './SeriesSection';
export { SeriesDropDialog } from './SeriesDropDialog';
export { moveDroppedVisit } from './series-drop';
