import type { CoreContext } from '@main/core/context';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { Logger } from '@main/platform/logger';
import { CycleLoop } from './cycle-loop';

/** How long `stop` waits for a cycle in flight: quitting must not hang on a slow server. */
const STOP_WAIT_MS = 3_000;

export interface ConnectedLoopOptions {
  /** Prefix of the loop's log events (`<name>.start_failed`, `.cycle_failed`, `.loop_failed`). */
  name: string;
  logger: Logger;
  core(): CoreContext;
  /** Whether there is a connection to serve; without one the loop does not start. */
  connected(ctx: CoreContext): boolean;
  /** Which committed visit changes wake the loop (default: every one). */
  wakeOn?: (event: AppointmentsChangedEvent) => boolean;
  /**
   * One cycle: `live` is checked before anything is written, `signal` aborts requests in
   * flight when the loop stops. Returns how long to sleep before the next cycle.
   */
  cycle(live: () => boolean, signal: AbortSignal): Promise<number>;
}

const errorName = (e: unknown): string => (e instanceof Error ? e.name : typeof e);

/**
 * The start/stop life of an upstream engine that runs only while something is
 * connected (providers' calendars, the EHR): started when a connection exists,
 * woken by every committed visit change, stopped with its requests aborted and
 * a bounded wait, and restartable. A cycle that throws is logged by name and
 * tried again a second later; what the engine was doing stays queued.
 */
export class ConnectedLoop {
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly loop = new CycleLoop();
  private abort = new AbortController();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly opts: ConnectedLoopOptions) {}

  /** True while the loop runs (connected, reachable or not). */
  get active(): boolean {
    return !this.stopped;
  }

  /** Starts the loop if connected; idempotent and never throws (start-up must not fail for it). */
  start(): void {
    if (!this.stopped) return;
    const { name, logger } = this.opts;
    let ctx: CoreContext;
    try {
      ctx = this.opts.core();
      if (!this.opts.connected(ctx)) return;
    } catch (e) {
      logger.warn(`${name}.start_failed`, { errorName: errorName(e) });
      return;
    }
    this.stopped = false;
    this.abort = new AbortController();
    const wakeOn = this.opts.wakeOn;
    this.unsubscribe = ctx.events.on('appointments/changed', (e) => {
      if (!wakeOn || wakeOn(e)) this.kick();
    });
    const signal = this.abort.signal;
    this.running = this.loop
      .run({
        stopped: () => this.stopped,
        cycle: (live) => this.opts.cycle(live, signal),
        onError: (e) => {
          logger.warn(`${name}.cycle_failed`, { errorName: errorName(e) });
          return 1_000;
        },
      })
      .catch((e: unknown) => logger.error(`${name}.loop_failed`, { errorName: errorName(e) }));
  }

  /** Stops the loop and aborts requests in flight; what they were doing stays queued. Bounded by STOP_WAIT_MS. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.abort.abort();
    this.kick();
    const running = this.running;
    this.running = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running, new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
    clearTimeout(timer);
    this.loop.releaseWaiters();
  }

  /** Something changed: run a cycle soon. */
  kick(): void {
    this.loop.kick();
  }

  /** Resolves after the next full cycle, or after `timeoutMs` (at once when stopped). */
  async nextCycle(timeoutMs: number): Promise<void> {
    if (!this.stopped) await this.loop.nextCycle(timeoutMs);
  }
}
