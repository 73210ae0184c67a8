import type { AuditHubCheckDto } from '../../src-shared/domain/audit';
import { recordAudit } from '../core/audit';
import type { AppServices } from './services';

/**
 * A manager's check of the clinic hub's copy of this desk's audit trail. The
 * check itself goes into the trail with what it found (counts and entry
 * numbers only), so a later reader sees when the copies were last compared.
 */
export async function checkAuditHubCopy(services: AppServices): Promise<AuditHubCheckDto> {
  const found = await services.sync.checkAuditAtHub();
  const ctx = services.core();
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'audit.check_hub_copy', entityType: 'audit', entityId: null, details: { ...found } });
  return found;
}
