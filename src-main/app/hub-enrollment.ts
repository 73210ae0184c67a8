import { AppError } from '../../src-shared/domain/errors';
import type { HubDeskDto, HubEnrollmentDto, HubSettingsDto, HubSetupDto, SyncQuarantineDto } from '../../src-shared/domain/sync';
import type { HubConnection } from '../../src-shared/schemas/sync';
import { recordAudit } from '../core/audit/audit';
import { inWriteTransaction } from '../core/db/transaction';
import { enrollHubDesk, listHubDesks, revokeHubDesk, setUpHub } from '../sync/adapters/hub-postgres/admin';
import { connectionOf, decodeEnrollment } from '../sync/adapters/hub-postgres/enrollment-code';
import { SyncEngine } from '../sync/engine';
import { writeHubConnection } from '../sync/hub-settings';
import { dismissQuarantined, listQuarantined } from '../sync/quarantine';
import { readSyncStatus } from '../sync/status';
import { hubSettingsOf } from './sync-actions';
import type { AppServices } from './services';

/**
 * Joining the clinic hub with an enrollment code, the hub administration a
 * manager does from the Sync section (with an administrator address given
 * for one action, never stored), and the pulled changes this desk
 * quarantined. Audit rows carry desk ids and names, never a password or code.
 */

/** Checks the code against the hub first: a code that does not work leaves the stored connection as it was. */
export async function joinHub(services: AppServices, code: string): Promise<HubSettingsDto> {
  const enrollment = decodeEnrollment(code);
  const conn = connectionOf(enrollment);
  const hello = await SyncEngine.testConnection(conn);
  const ctx = services.core();
  inWriteTransaction(ctx.db, () => {
    writeHubConnection(ctx.db, conn);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
      action: 'sync.hub_joined',
      entityType: 'settings',
      entityId: null,
      details: { hubId: hello.hubId, deskId: enrollment.deskId, deskName: hello.deskName, tls: conn.tls },
    });
  });
  services.logger.info('sync.hub_joined', { hubId: hello.hubId, deskId: enrollment.deskId });
  await services.sync.restart();
  services.events.emit('sync/status', readSyncStatus(ctx.db));
  return hubSettingsOf(ctx.db);
}

function audit(services: AppServices, action: string, details: Record<string, unknown>): void {
  const ctx = services.core();
  inWriteTransaction(ctx.db, () => recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action, entityType: 'hub', entityId: null, details }));
}

export async function setUpClinicHub(services: AppServices, admin: HubConnection): Promise<HubSetupDto> {
  const r = await setUpHub(admin);
  audit(services, 'hub.set_up', { hubId: r.hubId, schemaVersion: r.schemaVersion, previousVersion: r.previousVersion });
  return r;
}

export async function listClinicHubDesks(services: AppServices, admin: HubConnection): Promise<HubDeskDto[]> {
  return listHubDesks(admin);
}

export async function enrollClinicHubDesk(services: AppServices, admin: HubConnection, input: { name: string; address: string }): Promise<HubEnrollmentDto> {
  const r = await enrollHubDesk(admin, input);
  audit(services, 'hub.enroll_desk', { deskId: r.desk.deskId, name: r.desk.name });
  return r;
}

export async function revokeClinicHubDesk(services: AppServices, admin: HubConnection, deskId: string): Promise<HubDeskDto> {
  const r = await revokeHubDesk(admin, deskId);
  audit(services, 'hub.revoke_desk', { deskId: r.deskId, name: r.name });
  return r;
}

export function listQuarantinedChanges(services: AppServices): SyncQuarantineDto[] {
  return listQuarantined(services.core().db);
}

export function dismissQuarantinedChange(services: AppServices, id: number): null {
  const ctx = services.core();
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    if (!dismissQuarantined(ctx.db, id, now)) throw new AppError('NOT_FOUND', 'This change is no longer in the list. The list has been refreshed.');
    recordAudit(ctx.db, ctx.actor, now, { action: 'sync.quarantine_dismissed', entityType: 'sync_quarantine', entityId: String(id) });
  });
  services.events.emit('sync/status', readSyncStatus(ctx.db));
  return null;
}
