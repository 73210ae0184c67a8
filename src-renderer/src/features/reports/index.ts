/** Manager exports and reports. */
export { ReportsSection } from './ReportsSection';
export { saveBlob } from './export-file';
