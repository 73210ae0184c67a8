import { readSyncStatus } from '../../sync/status';
import type { AppHandlers } from './context';

/** The top bar's sync indicator. */
export const syncHandlers: AppHandlers<'sync'> = {
  'sync/get-status': (_input, { services }) => readSyncStatus(services.core().db),
};
