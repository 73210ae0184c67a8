import { contract, type ChannelName } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import { DESK_LOCKED } from '../app/desk-lock';
import type { AppServices } from '../app/services';
import { buildHandlerTable, type HandlerTable } from './handler-table';
import { handlerGroups } from './handlers';

/** Channels answered before the clinic is ready: the start screen and updates need them. */
const AVAILABLE_DURING_START: ReadonlySet<string> = new Set(['app', 'updates']);

const STILL_STARTING: AppErrorShape = {
  code: 'LOCKED',
  message: 'Frontdesk is still preparing the clinic. This takes a moment on the first start.',
};

/** The app's one handler table, served by every transport. */
export function createAppHandlerTable(services: AppServices): HandlerTable {
  return buildHandlerTable(handlerGroups, {
    context: (caller) => ({ services, caller }),
    logger: services.logger,
    fault: (e) => services.fault(e),
    gate(channel: ChannelName) {
      // While locked only the channels declared `whileLocked` answer (the start and lock screens').
      if (services.deskLock.isLocked() && !contract[channel].access.whileLocked) return DESK_LOCKED;
      if (AVAILABLE_DURING_START.has(channel.split('/')[0]!)) return null;
      const { phase, failure } = services.status();
      if (phase === 'ready') return null;
      // A damaged database stops everything but restoring a backup or rebuilding from the hub.
      if (phase === 'failed' && failure?.code === 'DATABASE_DAMAGED' && channel.startsWith('backups/')) return null;
      return phase === 'failed' && failure ? failure : STILL_STARTING;
    },
  });
}
