/** Recurring visits on the visit's panel, and the words and reach of a change to "this and the following". */
export { SeriesSection } from './SeriesSection';
export { seriesOfVisit } from './series-query';
export { describeRule, followingVisits, positionOf } from './series-words';
