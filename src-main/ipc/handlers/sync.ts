import { readSyncStatus } from '../../sync/status';
import { listConflicts, resolveConflict } from '../../sync/conflicts';
import { hubSettingsOf, listAttentionRows, retryAttention, saveHubSettings, setAsideAttention, testHubSettings } from '../../app/sync-actions';
import { dismissQuarantinedChange, joinHub, listQuarantinedChanges } from '../../app/hub-enrollment';
import type { AppHandlers } from './context';

/** The sync indicator, the conflicts list, rows needing attention and the hub connection (issue 5). */
export const syncHandlers: AppHandlers<'sync'> = {
  'sync/get-status': (_input, { services }) => readSyncStatus(services.core().db),
  'sync/list-conflicts': (_input, { services }) => listConflicts(services.core()),
  'sync/resolve-conflict': async (input, { services }) => {
    const a = resolveConflict(services.core(), input);
    services.sync.kick();
    return a;
  },
  'sync/list-attention': (_input, { services }) => listAttentionRows(services.core().db),
  'sync/retry': (input, { services }) => retryAttention(services, input.seq),
  'sync/set-aside': (input, { services }) => setAsideAttention(services, input.seq),
  'sync/get-hub-settings': (_input, { services }) => hubSettingsOf(services.core().db),
  'sync/set-hub-settings': (input, { services }) => saveHubSettings(services, input),
  'sync/test-hub': (input, { services }) => testHubSettings(services.core().db, input),
  'sync/join-hub': (input, { services }) => joinHub(services, input.code),
  'sync/list-quarantined': (_input, { services }) => listQuarantinedChanges(services),
  'sync/dismiss-quarantined': (input, { services }) => dismissQuarantinedChange(services, input.id),
};
