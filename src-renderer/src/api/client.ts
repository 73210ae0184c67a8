import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../src-shared/contract';
import type { Result } from '../../../src-shared/domain/errors';
import type { FrontdeskApi } from '../../../src-shared/ipc/api';
import { connectToWebHost } from './web-socket-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page comes from the web host. */
    api?: FrontdeskApi;
  }
}

/**
 * The renderer's typed client (DESIGN.md habits 4 and 10): the Electron
 * preload's `window.api` in the app, the web host's WebSocket in a browser.
 * Only feature stores use it; components read stores.
 */
let api: FrontdeskApi | null = null;

function client(): FrontdeskApi {
  api ??= window.api ?? connectToWebHost(window.location);
  return api;
}

export function invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return client().invoke(channel, input);
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return client().on(event, listener);
}

/** Tests and stories hand in their own implementation. */
export function setApiImplementation(implementation: FrontdeskApi): void {
  api = implementation;
}
