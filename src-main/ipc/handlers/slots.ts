import { explainTime, findSlotsFor, nextAvailableFor, typesAtTime } from '../../core/availability';
import type { AppHandlers } from './context';

/** Availability (read-only): slot searches and "why not" answers from the slot engine. */
export const slotHandlers: AppHandlers<'slots'> = {
  'slots/find': (input, { services }) => findSlotsFor(services.core().db, services.clock, input),
  'slots/next-available': (input, { services }) => nextAvailableFor(services.core().db, services.clock, input),
  'slots/explain': (input, { services }) => explainTime(services.core().db, services.clock, input),
  'slots/types-at': (input, { services }) => typesAtTime(services.core().db, services.clock, input),
};
