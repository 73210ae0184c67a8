/**
 * The slot engine: pure functions from opening hours,
 * blockouts, busy spans, buffers, notice and horizon to bookable times.
 * No database, no wall clock, no environment; inputs are never mutated.
 */
export { findSlots, nextAvailable } from './find';
export { explain } from './explain';
export type {
  BlockoutSpan,
  BookedSpan,
  ExternalBusySpan,
  ProviderAgenda,
  RoomAgenda,
  Slot,
  SlotMethod,
  SlotQuery,
} from './types';
