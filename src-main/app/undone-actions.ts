import type { SyncUndoneDto } from '@shared/domain/sync';
import { listUndone, settleUndone } from '../sync/undone';
import { readSyncStatus } from '../sync/status';
import type { AppServices } from './services';

/**
 * Staff and set-up changes this desk undid because the clinic hub did not
 * take them: listed in plain words, dismissed, or (a staff change another
 * desk overtook) made again by a manager and sent to the hub.
 */
export function listUndoneChanges(services: AppServices): SyncUndoneDto[] {
  return listUndone(services.core().db);
}

export function settleUndoneChange(services: AppServices, id: number, as: 'reapplied' | 'dismissed'): null {
  const ctx = services.core();
  const staffId = settleUndone(ctx, id, as);
  if (staffId) {
    services.sync.kick();
    services.events.emit('staff/changed', { staffIds: [staffId] });
  }
  services.events.emit('sync/status', readSyncStatus(ctx.db));
  return null;
}
