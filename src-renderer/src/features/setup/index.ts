/** The Set-up section (locations, rooms, providers, types, hours, settings) and the first-run choice. */
export { FirstRunChoice } from './FirstRunChoice';
export { SetupSection } from './SetupSection';
