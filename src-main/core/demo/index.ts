export { generateDemoClinic, DEMO_SIZE, SCALE_SIZE, type DemoOptions, type DemoSummary } from './generate';
