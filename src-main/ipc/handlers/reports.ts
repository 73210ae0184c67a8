import { exportJobsFor } from '../../app/export-jobs';
import type { AppHandlers } from './context';

/** Manager reports: utilization, no-shows, late cancels, new patients; cancel and read through 'exports/*'. */
export const reportHandlers: AppHandlers<'reports'> = {
  'reports/run': (input, { services }) => exportJobsFor(services).runReport(input),
};
