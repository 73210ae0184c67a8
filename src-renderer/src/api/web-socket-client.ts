import type { EventName } from '@shared/contract';
import type { AppErrorShape, Result } from '@shared/domain/errors';
import type { FrontdeskApi } from '@shared/ipc/api';
import { WEB_HOST_SOCKET_PATH, WEB_HOST_TOKEN_PARAM, type WireMessage, type WireRequest } from '@shared/ipc/wire';

const CONNECTION_LOST: AppErrorShape = {
  code: 'INTERNAL',
  message: 'The connection to Frontdesk was interrupted. Check that it is still running, then try again.',
};

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * `window.api` for a page served by the loopback web host: the same calls and
 * events over one WebSocket, authorised by the token in the page URL.
 * Calls made while (re)connecting wait for the socket; calls in flight when it
 * drops resolve to an error value, never hang.
 */
export function connectToWebHost(location: Location): FrontdeskApi {
  const token = new URLSearchParams(location.search).get(WEB_HOST_TOKEN_PARAM) ?? '';
  const url = `ws://${location.host}${WEB_HOST_SOCKET_PATH}?${WEB_HOST_TOKEN_PARAM}=${encodeURIComponent(token)}`;

  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let queue: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let socket = open();

  function open(): WebSocket {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      attempt = 0;
      for (const message of queue) ws.send(message);
      queue = [];
    };
    ws.onmessage = (e: MessageEvent<string>) => dispatch(JSON.parse(e.data) as WireMessage);
    ws.onclose = () => {
      for (const resolve of pending.values()) resolve({ ok: false, error: CONNECTION_LOST });
      pending.clear();
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(() => (socket = open()), delay);
    };
    return ws;
  }

  function dispatch(message: WireMessage): void {
    if (message.kind === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
      return;
    }
    for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
  }

  return {
    invoke(channel, input) {
      const request: WireRequest = { id: nextId++, channel, input };
      const text = JSON.stringify(request);
      return new Promise((resolve) => {
        pending.set(request.id, resolve as (result: Result<unknown>) => void);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
  };
}
