import { readSyncStatus } from '../../sync/status';
import { listConflicts } from '../../sync/conflict-view';
import {
  hubSettingsOf,
  listAttentionRows,
  retryAttention,
  saveHubSettings,
  setAsideAttention,
  settleConflictAtDesk,
  testHubSettings,
  tryHubNow,
} from '../../app/sync-actions';
import { dismissQuarantinedChange, joinHub, listQuarantinedChanges } from '../../app/hub-enrollment';
import { listUndoneChanges, settleUndoneChange } from '../../app/undone-actions';
import type { AppHandlers } from './context';

/** The sync indicator, the conflicts list, rows needing attention and the hub connection . */
export const syncHandlers: AppHandlers<'sync'> = {
  'sync/get-status': (_input, { services }) => readSyncStatus(services.core().db),
  'sync/list-conflicts': (_input, { services }) => listConflicts(services.core()),
  'sync/resolve-conflict': (input, { services }) => settleConflictAtDesk(services, input),
  'sync/list-attention': (_input, { services }) => listAttentionRows(services.core().db),
  'sync/retry': (input, { services }) => retryAttention(services, input.seq),
  'sync/set-aside': (input, { services }) => setAsideAttention(services, input.seq),
  'sync/get-hub-settings': (_input, { services }) => hubSettingsOf(services.core().db),
  'sync/set-hub-settings': (input, { services }) => saveHubSettings(services, input),
  'sync/test-hub': (input, { services }) => testHubSettings(services.core().db, input),
  'sync/try-now': (_input, { services }) => tryHubNow(services),
  'sync/join-hub': (input, { services }) => joinHub(services, input.code),
  'sync/list-quarantined': (_input, { services }) => listQuarantinedChanges(services),
  'sync/dismiss-quarantined': (input, { services }) => dismissQuarantinedChange(services, input.id),
  'sync/list-undone': (_input, { services }) => listUndoneChanges(services),
  'sync/dismiss-undone': (input, { services }) => settleUndoneChange(services, input.id, 'dismissed'),
  'sync/reapply-undone': (input, { services }) => settleUndoneChange(services, input.id, 'reapplied'),
};
