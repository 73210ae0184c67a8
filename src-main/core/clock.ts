import type { EpochMs } from '../../src-shared/domain/ids';

/** Nothing reads the wall clock directly: a Clock is injected. */
export interface Clock {
  now(): EpochMs;
}

/** A clock pinned to one instant (workers run at the instant main handed them; tests move it by hand). */
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
