import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../contract';
import type { Result } from '../domain/errors';

/**
 * The whole surface the renderer sees: the preload exposes
 * it as `window.api`; the web host client implements it over WebSocket.
 */
export interface FrontdeskApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Returns a function that stops the subscription. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Prefix of the Electron IPC channels push events travel on, apart from invoke channels. */
export const PUSH_CHANNEL_PREFIX = 'push:';
