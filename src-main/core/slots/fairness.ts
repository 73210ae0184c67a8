import type { ProviderId } from '@shared/domain/ids';
import type { Interval } from './interval';
import { unionLengthWithin } from './spans';
import type { FullAgenda } from './types';

/**
 * The `any` method's fairness: a start several providers could take goes to
 * the one with the least booked time in the query window (spreads the load),
 * ties to the lowest provider id (deterministic).
 */
export interface FairnessKey {
  id: ProviderId;
  /** The length of the union of the provider's appointment busy spans inside the query window. */
  bookedMs: number;
}

export function bookedMs(p: FullAgenda, window: Interval): number {
  return unionLengthWithin(p.appointments, window.start, window.end);
}

/** True when `a` gets a start that both could take. */
export function fairBefore(a: FairnessKey, b: FairnessKey): boolean {
  return a.bookedMs !== b.bookedMs ? a.bookedMs < b.bookedMs : a.id < b.id;
}

/** Indexes of `keys` in fairness order. */
export function fairOrder(keys: readonly FairnessKey[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => (fairBefore(keys[a]!, keys[b]!) ? -1 : fairBefore(keys[b]!, keys[a]!) ? 1 : 0));
}
