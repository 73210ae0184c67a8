export { generateDemoClinic, type DemoSummary } from './generate';
