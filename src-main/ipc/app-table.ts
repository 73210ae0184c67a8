import { contract, type ChannelName } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import { roleMay } from '../../src-shared/domain/permissions';
import { DESK_LOCKED } from '../app/desk-lock';
import type { AppServices } from '../app/services';
import { recordAudit } from '../core/audit/audit';
import { stackFrames } from '../platform/logger';
import { buildHandlerTable, type HandlerTable } from './handler-table';
import { handlerGroups } from './handlers';

/** Channels answered before the clinic is ready: the start screen and updates need them. */
const AVAILABLE_DURING_START: ReadonlySet<string> = new Set(['app', 'updates']);

/** What a desk whose database is damaged can still do: see its backups, restore one, or rebuild from the hub. */
const AVAILABLE_WHILE_DAMAGED: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'backups/get-status',
  'backups/list',
  'backups/preview-restore',
  'backups/restore',
  'backups/rebuild-from-hub',
]);

const STILL_STARTING: AppErrorShape = {
  code: 'LOCKED',
  message: 'Frontdesk is still preparing the clinic. This takes a moment on the first start.',
};

const NOT_ALLOWED: AppErrorShape = {
  code: 'FORBIDDEN',
  message: 'Your role does not include this. Ask a clinic manager to do it, or to change your role.',
};

/**
 * A refused call is recorded as the person who tried it (which channel, never
 * its input). The refusal stands even if the row cannot be written.
 */
function auditRefusal(services: AppServices, channel: ChannelName): void {
  try {
    const ctx = services.core();
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'access.refused', entityType: 'channel', entityId: channel });
  } catch (e) {
    services.logger.warn('ipc.refusal_audit_failed', { channel, stack: stackFrames(e) });
  }
}

/**
 * The app's one handler table, served by every transport. Each call passes the
 * gate first: still starting → LOCKED; nobody signed in and the channel not
 * declared `whileLocked` → LOCKED; the signed-in person's role lacking the
 * channel's declared permission → FORBIDDEN (audited), before its input is
 * even parsed, so nothing changes.
 */
export function createAppHandlerTable(services: AppServices): HandlerTable {
  return buildHandlerTable(handlerGroups, {
    context: (caller) => ({ services, caller }),
    logger: services.logger,
    fault: (e) => services.fault(e),
    gate(channel: ChannelName, when) {
      // A restore or rebuild ends with a desk nobody is signed in to; its answer (file names, counts) names no patient.
      if (when === 'after' && AVAILABLE_WHILE_DAMAGED.has(channel)) return null;
      if (!AVAILABLE_DURING_START.has(channel.split('/')[0]!)) {
        const { phase, failure } = services.status();
        // A damaged database cannot say who is signed in (the staff are in it): the recovery passphrase is
        // the authority for opening a backup, and the hub's own check of this desk for a rebuild.
        if (phase === 'failed' && failure?.code === 'DATABASE_DAMAGED' && AVAILABLE_WHILE_DAMAGED.has(channel)) return null;
        if (phase !== 'ready') return phase === 'failed' && failure ? failure : STILL_STARTING;
      }
      const { permission, whileLocked } = contract[channel].access;
      const person = services.deskLock.person();
      if (person === null) return whileLocked ? null : DESK_LOCKED;
      if (roleMay(person.role, permission)) return null;
      auditRefusal(services, channel);
      return NOT_ALLOWED;
    },
  });
}
