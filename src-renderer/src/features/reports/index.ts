/** Manager exports and reports. */
export { ReportsSection } from './ReportsSection';
