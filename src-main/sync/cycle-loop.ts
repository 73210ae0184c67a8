/**
 * The background loop of the upstream engines (clinic hub, providers'
 * calendars): run a cycle, then sleep for as long as the cycle asked unless
 * something kicks it or someone waits for a full cycle. Each run is a new
 * generation: a loop left over from before a stop or restart sees it is no
 * longer live and ends without writing anything more.
 */
export class CycleLoop {
  private generation = 0;
  private wake: (() => void) | null = null;
  private woken = false;
  private waiters: Array<() => void> = [];

  /**
   * Runs cycles until `stopped()` or a newer `run`. `cycle` gets `live` to
   * check before it writes and returns the ms to sleep; `onError` (called only
   * while live) turns a failed cycle into the ms to sleep.
   */
  async run(opts: { stopped(): boolean; cycle(live: () => boolean): Promise<number>; onError(e: unknown): number }): Promise<void> {
    const generation = ++this.generation;
    const live = (): boolean => !opts.stopped() && generation === this.generation;
    while (live()) {
      const served = this.waiters.splice(0);
      this.woken = false;
      let waitMs = 0;
      try {
        waitMs = await opts.cycle(live);
      } catch (e) {
        if (live()) waitMs = opts.onError(e);
      } finally {
        for (const w of served) w();
      }
      if (!live()) break;
      if (this.waiters.length > 0 || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Something changed: run a cycle soon (or let a stopped loop notice at once). */
  kick(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Resolves after the next full cycle, or after `timeoutMs`. */
  async nextCycle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        this.kick();
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** After a stop: nobody keeps waiting for a cycle that will not come. */
  releaseWaiters(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
