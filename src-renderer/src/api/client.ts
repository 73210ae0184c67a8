import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '@shared/contract';
import type { Result } from '@shared/domain/errors';
import type { FrontdeskApi } from '@shared/ipc/api';
import { connectToWebHost } from './web-socket-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page comes from the web host. */
    api?: FrontdeskApi;
  }
}

/**
 * The renderer's typed client: the Electron preload's `window.api` in the app,
 * the web host's WebSocket in a browser. Only stores and live queries use it;
 * components read them.
 */
let api: FrontdeskApi | null = null;

function client(): FrontdeskApi {
  api ??= window.api ?? connectToWebHost(window.location);
  return api;
}

export interface InvokeOptions {
  /**
   * Abandons the call: the promise rejects with the signal's reason (an AbortError)
   * and the answer, when it comes, is dropped. Main still finishes the call, so
   * only reads are abandoned this way; long jobs have their own cancel channels.
   */
  signal?: AbortSignal;
}

export function invoke<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
  options: InvokeOptions = {},
): Promise<Result<ChannelOutput<C>>> {
  const { signal } = options;
  if (!signal) return client().invoke(channel, input);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abandon = (): void => reject(signal.reason);
    signal.addEventListener('abort', abandon, { once: true });
    client()
      .invoke(channel, input)
      .then((result) => {
        signal.removeEventListener('abort', abandon);
        resolve(result);
      }, reject);
  });
}

/** True for the rejection of a call abandoned through its signal. */
export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return client().on(event, listener);
}

/**
 * Runs a long job's call (an export, an import) and hands its progress pushes to
 * `listener` while it runs, and only then.
 */
export async function withProgress<E extends EventName, T>(event: E, listener: (payload: EventPayload<E>) => void, call: () => Promise<T>): Promise<T> {
  const off = onEvent(event, listener);
  try {
    return await call();
  } finally {
    off();
  }
}

/** Tests and stories hand in their own implementation. */
export function setApiImplementation(implementation: FrontdeskApi): void {
  api = implementation;
}
