import type { AppointmentId, LocationId, ProviderId } from '../../src-shared/domain/ids';

/**
 * Change notifications from core services, sent after the transaction has
 * committed (never for a change that rolled back). The IPC layer forwards
 * them to the renderer as push events; stores refresh what they show.
 */
export interface AppointmentsChangedEvent {
  /** The operation, e.g. 'appointment.book', 'appointment.reschedule'. */
  operation: string;
  appointmentIds: AppointmentId[];
  providerIds: ProviderId[];
  locationIds: LocationId[];
  /** Local dates (YYYY-MM-DD, in each location's zone) whose day view changed. */
  dates: string[];
}

export type ClinicEntity =
  | 'location'
  | 'room'
  | 'provider'
  | 'appointment_type'
  | 'opening_hours'
  | 'hours_override'
  | 'blockout'
  | 'settings';

export interface ClinicChangedEvent {
  entity: ClinicEntity;
  ids: string[];
}

export interface CoreEvents {
  'appointments/changed': AppointmentsChangedEvent;
  'clinic/changed': ClinicChangedEvent;
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

/** The process-wide bus core services emit on; the IPC layer subscribes to it. */
export const coreEvents: CoreEventBus = createEventBus();
