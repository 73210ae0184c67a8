import type { OpenedTime } from '../../src-shared/domain/waitlist';
import type { CoreContext } from '../core/context';
import type { CoreEventBus } from '../core/events';
import { matchOpening } from '../core/waitlist';
import { stackFrames, type Logger } from '../platform/logger';
import type { EventBus } from './event-bus';

/**
 * When a change gives time back (a visit cancelled, moved away or marked a
 * no-show, a blockout removed — here or pulled from another desk), the
 * waitlist is matched against that time and the desks hear how many entries
 * fit it (`waitlist/opening`: provider, time, a count; no patient data).
 * Waitlist changes are forwarded as `waitlist/changed`.
 */
export function watchWaitlistOpenings(deps: { core: () => CoreContext | null; coreEvents: CoreEventBus; events: EventBus; logger: Logger }): () => void {
  const announce = (released: readonly OpenedTime[] | undefined): void => {
    if (!released || released.length === 0) return;
    const ctx = deps.core();
    if (!ctx) return;
    try {
      for (const opening of released) {
        const fits = matchOpening(ctx.db, ctx.clock, opening);
        if (fits.length === 0) continue;
        const first = fits.reduce((a, b) => (b.slot.start < a.slot.start ? b : a));
        deps.events.emit('waitlist/opening', { ...opening, count: fits.length, firstStart: first.slot.start, firstLocationId: first.slot.locationId });
      }
    } catch (e) {
      // The change itself has committed; a failed look at the waitlist must not turn it into an error.
      deps.logger.warn('waitlist.opening_failed', { stack: stackFrames(e) });
    }
  };
  const offs = [
    deps.coreEvents.on('appointments/changed', (e) => announce(e.released)),
    deps.coreEvents.on('clinic/changed', (e) => announce(e.released)),
    deps.coreEvents.on('waitlist/changed', (e) => deps.events.emit('waitlist/changed', e)),
  ];
  return () => offs.forEach((off) => off());
}
