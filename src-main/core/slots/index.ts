/**
 * The slot engine (DESIGN.md habit 6): pure functions from opening hours,
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
  Reason,
  RoomAgenda,
  Slot,
  SlotAppointmentType,
  SlotMethod,
  SlotQuery,
} from './types';
export type { HoursOverride, LocationHours, WeeklyHoursRule } from './hours';
