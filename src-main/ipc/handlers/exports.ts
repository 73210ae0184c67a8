import { exportJobsFor } from '../../app/export-jobs';
import type { AppHandlers } from './context';

/** Manager exports (issue 7): run on a worker thread, read back in slices, discard (src-main/app/export-jobs.ts). */
export const exportHandlers: AppHandlers<'exports'> = {
  'exports/get-access': (_input, { services }) => exportJobsFor(services).access(),
  'exports/set-role': (input, { services }) => exportJobsFor(services).setRole(input.role),
  'exports/run': (input, { services }) => exportJobsFor(services).runExport(input),
  'exports/cancel': (input, { services }) => exportJobsFor(services).cancel(input),
  'exports/read': (input, { services }) => exportJobsFor(services).read(input),
  'exports/discard': (input, { services }) => exportJobsFor(services).discard(input),
};
