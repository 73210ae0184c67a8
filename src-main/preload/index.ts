/**
 * The renderer's only door to main: `window.api` with
 * `invoke` and `on`, for contract channels and events only. Runs sandboxed,
 * so this file is bundled on its own and requires nothing but electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannelName, isEventName } from '../../src-shared/contract';
import { PUSH_CHANNEL_PREFIX, type FrontdeskApi } from '../../src-shared/ipc/api';

const unknownChannel = (name: string) => ({
  ok: false as const,
  error: { code: 'VALIDATION' as const, message: `Unknown request "${name}".` },
});

const api: FrontdeskApi = {
  invoke(channel, input) {
    if (!isChannelName(channel)) return Promise.resolve(unknownChannel(String(channel)));
    return ipcRenderer.invoke(channel, input);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    const ipcChannel = `${PUSH_CHANNEL_PREFIX}${event}`;
    // The IPC event object is not passed on: it would hand the page a handle to ipcRenderer.
    const forward = (_e: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(ipcChannel, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
