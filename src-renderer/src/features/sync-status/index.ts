/** Sync: the top bar's indicator and the Sync section (hub connection, conflicts, providers' calendars). */
export { SyncIndicator } from './SyncIndicator';
export { SyncSection } from './SyncSection';
export { useSync } from './sync-store';
export { UndoneChanges } from './UndoneChanges';
