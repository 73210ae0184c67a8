/** The first start: building the demo clinic, or the choice between demo and an empty clinic. */
export { FirstStartScreen } from './FirstStartScreen';
