import type { EventName } from '../contract';
import type { Result } from '../domain/errors';

/**
 * Messages between the renderer and the loopback web host (JSON over one
 * WebSocket). Requests carry a client-chosen id the reply echoes.
 */
export interface WireRequest {
  id: number;
  channel: string;
  input: unknown;
}

export type WireMessage =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; name: EventName; payload: unknown };

/** Query parameter carrying the web host's access token (page URL and WebSocket URL). */
export const WEB_HOST_TOKEN_PARAM = 'token';
export const WEB_HOST_SOCKET_PATH = '/api';
