import { events } from '../../src-shared/contract';
import type { EventBus, PushEvent } from './event-bus';

/**
 * Push events naming records (declared `heldWhileLocked` on the contract) wait
 * while the desk is locked and go out, in order, once someone signs in: nothing
 * about the desk's patients reaches the page while it is locked, and the stores
 * that follow these events do not call channels the lock would refuse. Events
 * that only say "something changed" without naming records pass.
 */

/** Beyond this many held events the oldest are dropped: a page unlocked after that reloads what it shows anyway. */
const MAX_HELD = 500;

export interface LockAwareEventBus extends EventBus {
  /** Sends what was held (call when the desk unlocks). */
  release(): void;
}

export function holdWhileLocked(bus: EventBus, isLocked: () => boolean): LockAwareEventBus {
  let held: PushEvent[] = [];
  return {
    emit(name, payload) {
      if (events[name].heldWhileLocked && isLocked()) {
        held.push({ name, payload } as PushEvent);
        if (held.length > MAX_HELD) held = held.slice(-MAX_HELD);
        return;
      }
      bus.emit(name, payload);
    },
    subscribe: (listener) => bus.subscribe(listener),
    release() {
      const out = held;
      held = [];
      for (const e of out) bus.emit(e.name, e.payload as never);
    },
  };
}
