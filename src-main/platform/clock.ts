import type { EpochMs } from '../../src-shared/domain/ids';

/** Nothing reads the wall clock directly: a Clock is injected. */
export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can pin and move. */
export class FixedClock implements Clock {
  constructor(private t: EpochMs) {}
  now(): EpochMs {
    return this.t;
  }
  set(t: EpochMs): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
