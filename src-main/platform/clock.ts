import type { Clock } from '../core/clock';

// The Clock contract and the pinned clock belong to core (which never imports platform/); the wall clock is platform's.
export { FixedClock, type Clock } from '../core/clock';

export const systemClock: Clock = { now: () => Date.now() };
