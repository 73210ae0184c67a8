import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { PUSH_CHANNEL_PREFIX } from '../../src-shared/ipc/api';
import type { Result } from '../../src-shared/domain/errors';
import type { EventBus } from '../app/event-bus';
import type { Logger } from '../platform/logger';
import type { HandlerTable } from './handler-table';
import { isTrustedFrame, originOf } from './trusted-origin';

/**
 * Serves the handler table over Electron IPC: one `ipcMain.handle` per
 * contract channel (Electron itself refuses a second handler for a channel).
 * Every call's sender frame is checked before the table sees it.
 */
export interface ElectronTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  table: HandlerTable;
  /** Origins of the app's own pages, e.g. `app://frontdesk`. */
  trustedOrigins: readonly string[];
  logger: Logger;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This window is not allowed to use Frontdesk data.' },
};

export const electronCallerId = (webContentsId: number): string => `window:${webContentsId}`;

/** Returns a function that removes the handlers again. */
export function serveOverElectronIpc(opts: ElectronTransportOptions): () => void {
  for (const channel of opts.table.channels) {
    opts.ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedFrame(event.senderFrame, opts.trustedOrigins)) {
        opts.logger.warn('ipc.untrusted_sender', { channel, origin: originOf(event.senderFrame?.url ?? '') });
        return FORBIDDEN;
      }
      return opts.table.invoke(channel, input, { id: electronCallerId(event.sender.id) });
    });
  }
  return () => {
    for (const channel of opts.table.channels) opts.ipcMain.removeHandler(channel);
  };
}

/** Forwards push events to one window until it is destroyed. */
export function forwardEventsTo(contents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>, events: EventBus): () => void {
  const unsubscribe = events.subscribe(({ name, payload }) => {
    if (!contents.isDestroyed()) contents.send(`${PUSH_CHANNEL_PREFIX}${name}`, payload);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
