import type { AppointmentsChanged, ClinicChanged } from '../../src-shared/domain/events';
import type { WaitlistChanged } from '../../src-shared/domain/waitlist';

/**
 * Change notifications from core services, sent after the transaction has
 * committed (never for a change that rolled back). Their shapes are the push
 * events of the IPC contract (src-shared/domain/events.ts): the IPC layer
 * forwards them to the renderer as they are, and stores refresh what they show.
 */
export type AppointmentsChangedEvent = AppointmentsChanged;
export type ClinicChangedEvent = ClinicChanged;

interface CoreEvents {
  'appointments/changed': AppointmentsChangedEvent;
  'clinic/changed': ClinicChangedEvent;
  'waitlist/changed': WaitlistChanged;
}

export type CoreEventName = keyof CoreEvents;
type Listener<K extends CoreEventName> = (event: CoreEvents[K]) => void;

export interface CoreEventBus {
  /** Subscribes; returns the function that unsubscribes. */
  on<K extends CoreEventName>(name: K, listener: Listener<K>): () => void;
  emit<K extends CoreEventName>(name: K, event: CoreEvents[K]): void;
}

/**
 * A tiny synchronous, typed emitter. A listener that throws must not turn a
 * committed change into a reported failure, so its error goes to `onListenerError`.
 */
export function createEventBus(
  onListenerError: (name: CoreEventName, error: unknown) => void = (name, error) =>
    console.error(`core event listener for ${name} failed`, error),
): CoreEventBus {
  const listeners = new Map<CoreEventName, Set<(event: never) => void>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as (event: never) => void);
      return () => {
        set.delete(listener as (event: never) => void);
      };
    },
    emit(name, event) {
      const set = listeners.get(name);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as Listener<typeof name>)(event);
        } catch (error) {
          onListenerError(name, error);
        }
      }
    },
  };
}

