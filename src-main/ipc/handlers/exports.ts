import { exportJobsFor } from '../../app/export-jobs';
import type { AppHandlers } from './context';

/** Manager exports (the handler table checks the person may): run on a worker thread, read back in slices, discard (src-main/app/export-jobs.ts). */
export const exportHandlers: AppHandlers<'exports'> = {
  'exports/run': (input, { services }) => exportJobsFor(services).runExport(input),
  'exports/cancel': (input, { services }) => exportJobsFor(services).cancel(input),
  'exports/read': (input, { services }) => exportJobsFor(services).read(input),
  'exports/discard': (input, { services }) => exportJobsFor(services).discard(input),
};
