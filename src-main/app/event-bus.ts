import type { EventName, EventPayload } from '../../src-shared/contract';

export type PushEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/**
 * Push events for the renderer. Services and handlers emit after their change
 * has committed; each transport (Electron IPC, web host) subscribes once and
 * forwards to its windows or sockets.
 */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: (event: PushEvent) => void): () => void;
}

export function createEventBus(onListenerError?: (e: unknown) => void): EventBus {
  const listeners = new Set<(event: PushEvent) => void>();
  return {
    emit(name, payload) {
      const event = { name, payload } as PushEvent;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (e) {
          // One broken window or socket must not stop the others from hearing.
          onListenerError?.(e);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
