import type { CoreContext } from '@main/core/context';
import { inWriteTransaction } from '@main/core/db/transaction';
import type { Logger } from '@main/platform/logger';
import { backoffDelay } from '../../backoff';
import { CalendarFailure } from './client';
import { pullCalendar } from './pull';
import { pushVisit } from './push';
import { hasConnections, markProblem, MAX_VISIT_ATTEMPTS, pruneDelivered, queuedVisits, readConnections, scanNewVisits } from './store';
import { ConnectedLoop } from '../../connected-loop';

/**
 * The providers' calendars loop (CalDAV). While at least one calendar is
 * connected it pushes queued visits (woken by every committed visit change)
 * and reads each calendar's busy time every `pullEveryMs` and on demand.
 * Without a connected calendar it does not run at all.
 *
 * Scheduling uses elapsed time (timers), never the injected clock: the web
 * host used by tests pins "now", and a loop waiting for a pinned clock to
 * move would never run again. The clock dates what is written.
 *
 * A calendar that cannot be reached, or refuses the password, backs off
 * (full jitter, capped) at no cost to its visits; a visit whose object the
 * server refuses is retried with backoff and, after MAX_VISIT_ATTEMPTS, waits
 * for a change of the visit or of the connection.
 */
export interface CalendarEngineOptions {
  core(): CoreContext;
  logger: Logger;
  /** A calendar's status (last pushed/pulled, pending, problem) may have changed. */
  onStatusChanged(): void;
  /** Providers whose external busy time changed (the grid and open searches refresh). */
  onBusyChanged(providerIds: string[]): void;
  pullEveryMs?: number;
  /** Longest wait between cycles when nothing is due (a safety net; changes wake the loop). */
  pollMs?: number;
  /** Cap of a calendar's backoff after failures. */
  maxBackoffMs?: number;
  random?: () => number;
}

const BATCH = 50;
const SCAN_PAGE = 2_000;
const PRUNE_EVERY_MS = 6 * 60 * 60_000;

interface Backoff {
  failures: number;
  until: number;
}

const elapsed = (): number => performance.now();

export class CalendarEngine {
  private readonly loop: ConnectedLoop;
  /** Per calendar (provider id): failures in a row and when to try again. */
  private readonly calendarBackoff = new Map<string, Backoff>();
  /** Per visit the server refused: when to try it again. */
  private readonly visitRetryAt = new Map<string, number>();
  private readonly lastPull = new Map<string, number>();
  private lastPrune = -Infinity;
  private readonly pullEveryMs: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly opts: CalendarEngineOptions) {
    this.pullEveryMs = opts.pullEveryMs ?? 5 * 60_000;
    this.pollMs = opts.pollMs ?? 60_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
    this.loop = new ConnectedLoop({
      name: 'calendars',
      logger: opts.logger,
      core: opts.core,
      connected: (ctx) => hasConnections(ctx.db),
      cycle: (live, signal) => this.runCycle(live, signal),
    });
  }

  /** True while at least one calendar is connected (the loop runs, reachable or not). */
  get active(): boolean {
    return this.loop.active;
  }

  /** Starts the loop if a calendar is connected; idempotent and never throws (start-up must not fail for it). */
  start(): void {
    this.loop.start();
  }

  /** Stops the loop and aborts requests in flight; what they were doing stays queued. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** After a connection was saved or removed: fresh backoffs, every calendar read again. */
  async restart(): Promise<void> {
    await this.stop();
    this.calendarBackoff.clear();
    this.visitRetryAt.clear();
    this.lastPull.clear();
    this.start();
  }

  /** Something changed: run a cycle soon. */
  kick(): void {
    this.loop.kick();
  }

  /** Reads the calendars' busy time now (all, or one provider's), past any backoff. */
  refresh(providerId?: string): void {
    if (providerId) {
      this.lastPull.delete(providerId);
      this.calendarBackoff.delete(providerId);
    } else {
      this.lastPull.clear();
      this.calendarBackoff.clear();
    }
    this.kick();
  }

  /** Resolves after the next full cycle, or after `timeoutMs`. */
  async cycle(timeoutMs: number): Promise<void> {
    await this.loop.nextCycle(timeoutMs);
  }

  private blocked = (providerId: string): boolean => (this.calendarBackoff.get(providerId)?.until ?? -Infinity) > elapsed();

  /** One push pass and the pulls that are due; returns how long to wait. */
  private async runCycle(live: () => boolean, signal: AbortSignal): Promise<number> {
    const ctx = this.opts.core();
    let statusChanged = false;
    // The last calendar went (or the database was replaced, as a demo reset does): nothing to do until restarted.
    if (!hasConnections(ctx.db)) return this.pollMs;

    // New visits join the queue (a page per transaction, so a desk that just received the whole clinic keeps answering).
    for (let more = true; more; ) {
      if (!live()) return 0;
      more = inWriteTransaction(ctx.db, () => scanNewVisits(ctx.db, ctx.clock.now(), SCAN_PAGE));
    }

    // Push: queued visits, skipping those the server refused a moment ago.
    let afterSeq = 0;
    const queued = new Set<string>();
    for (;;) {
      if (!live()) return 0;
      const rows = queuedVisits(ctx.db, afterSeq, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!live()) return 0;
        afterSeq = row.seq;
        queued.add(row.appointmentId);
        if ((this.visitRetryAt.get(row.appointmentId) ?? -Infinity) > elapsed()) continue;
        const r = await pushVisit(ctx, row.appointmentId, signal, this.blocked);
        if (!live()) return 0;
        if (!r) {
          this.visitRetryAt.delete(row.appointmentId); // its calendar's backoff decides when
          continue;
        }
        if (r.touched.length > 0) {
          statusChanged = true;
          for (const p of r.touched) this.calendarBackoff.delete(p);
        }
        if (r.calendarFailure) {
          statusChanged = this.onCalendarFailure(ctx, r.calendarFailure.providerId, r.calendarFailure.failure) || statusChanged;
        } else if (r.visitFailure) {
          statusChanged = true;
          if (row.attempts + 1 >= MAX_VISIT_ATTEMPTS) {
            this.visitRetryAt.delete(row.appointmentId); // it waits for a change of the visit or the connection
            this.opts.logger.warn('calendars.visit_refused', { status: r.visitFailure.status });
          } else {
            this.visitRetryAt.set(row.appointmentId, elapsed() + backoffDelay(row.attempts + 1, this.opts.random, this.maxBackoffMs));
          }
        } else {
          this.visitRetryAt.delete(row.appointmentId);
        }
      }
    }

    // Retry times of visits no longer waiting (delivered, changed, given up) are forgotten.
    for (const id of this.visitRetryAt.keys()) if (!queued.has(id)) this.visitRetryAt.delete(id);

    // Pull: each calendar whose busy time is due to be read again.
    const changed: string[] = [];
    for (const conn of readConnections(ctx.db)) {
      if (!live()) return 0;
      const due = elapsed() - (this.lastPull.get(conn.providerId) ?? -Infinity) >= this.pullEveryMs;
      if (!due || this.blocked(conn.providerId)) continue;
      try {
        const c = await pullCalendar(ctx, conn, signal);
        if (!live()) return 0;
        this.lastPull.set(conn.providerId, elapsed());
        this.calendarBackoff.delete(conn.providerId);
        statusChanged = true;
        if (c) changed.push(conn.providerId);
      } catch (e) {
        if (!live()) return 0;
        const failure = e instanceof CalendarFailure ? e : new CalendarFailure('unreachable', 'The calendar server cannot be reached right now.');
        if (!(e instanceof CalendarFailure)) this.opts.logger.warn('calendars.pull_failed', { errorName: e instanceof Error ? e.name : typeof e });
        statusChanged = this.onCalendarFailure(ctx, conn.providerId, failure) || statusChanged;
      }
    }

    if (elapsed() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = elapsed();
      inWriteTransaction(ctx.db, () => pruneDelivered(ctx.db, ctx.clock.now()));
    }
    if (changed.length > 0) this.opts.onBusyChanged(changed);
    if (statusChanged) this.opts.onStatusChanged();
    return this.nextWait(ctx);
  }

  /** Notes the problem for the desk (once per run of the same problem) and backs this calendar off. */
  private onCalendarFailure(ctx: CoreContext, providerId: string, failure: CalendarFailure): boolean {
    const b = this.calendarBackoff.get(providerId) ?? { failures: 0, until: 0 };
    b.failures++;
    b.until = elapsed() + Math.max(200, backoffDelay(b.failures, this.opts.random, this.maxBackoffMs));
    this.calendarBackoff.set(providerId, b);
    const noted = inWriteTransaction(ctx.db, () => markProblem(ctx.db, providerId, failure.message, ctx.clock.now()));
    if (noted) this.opts.logger.warn('calendars.calendar_failure', { kind: failure.kind, status: failure.status });
    return noted;
  }

  /** Until the next pull is due, a calendar's backoff ends or a refused visit may be tried again. */
  private nextWait(ctx: CoreContext): number {
    const t = elapsed();
    let next = t + this.pollMs;
    for (const conn of readConnections(ctx.db)) {
      next = Math.min(next, (this.lastPull.get(conn.providerId) ?? t) + this.pullEveryMs);
      // A backoff that ended while this cycle was busy lets the calendar be tried again at once.
      const until = this.calendarBackoff.get(conn.providerId)?.until;
      if (until !== undefined) next = Math.min(next, until);
    }
    // A retry that came due while this cycle was busy (a slow pull) runs at once.
    for (const retry of this.visitRetryAt.values()) next = Math.min(next, retry);
    return Math.max(50, next - t);
  }
}
