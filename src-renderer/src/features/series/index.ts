/** Recurring visits on the visit's panel, and the words and reach of a change to "this and the following". */
export { SeriesSection } from './SeriesSection';
export { followingVisits } from './series-words';
