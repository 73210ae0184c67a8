/**
 * Availability (read-only): what the desk may book, from the database through
 * the pure slot engine — slot searches, "next available" and "why not".
 */
export { findSlotsFor, nextAvailableFor, explainTime } from './service';
export { slotQueryFromDb, type SlotSearch } from './slot-query';
export { typesAtTime } from './types-at';
