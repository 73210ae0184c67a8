import type { CoreContext } from '@main/core/context';
import { inWriteTransaction } from '@main/core/db/transaction';
import type { Logger } from '@main/platform/logger';
import { backoffDelay } from '../../backoff';
import { ConnectedLoop } from '../../connected-loop';
import { pullEhrBusy } from './busy-time';
import { readCapabilities, type Capabilities } from './capabilities';
import { FhirClient } from './client';
import { FhirFailure } from './failure';
import { pushVisit } from './push';
import { credentialsOf, hasEhrConnection, markProblem, pendingVisits, readEhrConnection, recordCapabilities, scanNewVisits, type StoredEhrConnection } from './store';

/**
 * The EHR loop (FHIR R4), shaped like the providers' calendars loop: it runs
 * only while an EHR is connected, pushes queued visits and imports the EHR's
 * busy time, in the clinic's chosen mode:
 *
 * - real-time: each visit change is sent as it happens (woken by every
 *   committed visit change); busy time is read every minute;
 * - batch: visit changes are sent every N minutes, busy time read as often;
 * - hybrid: visits as they happen, busy time every N minutes.
 *
 * The connection backs off (full jitter, capped) while the EHR cannot be
 * reached or refuses the desk, at no cost to the visits; a visit that meets
 * 5xx or a timeout waits its own backoff and needs attention after 5 tries.
 * Scheduling uses elapsed time, never the injected clock (see the calendars'
 * loop); the clock dates what is written.
 */
export interface EhrEngineOptions {
  core(): CoreContext;
  logger: Logger;
  /** The EHR status (pending, conflicts, problem) may have changed. */
  onStatusChanged(): void;
  /** Providers whose external busy time changed (the grid and open searches refresh). */
  onBusyChanged(providerIds: string[]): void;
  /** Busy time in real-time mode is read this often (default 1 minute). */
  realtimePullMs?: number;
  /** Overrides the clinic's batch interval (tests). */
  batchMs?: number;
  /** Longest wait between cycles when nothing is due. */
  pollMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  fetch?: typeof fetch;
}

const BATCH = 50;
const SCAN_PAGE = 2_000;
const elapsed = (): number => performance.now();

export class EhrEngine {
  private readonly loop: ConnectedLoop;
  private client: FhirClient | null = null;
  private capabilities: Capabilities | null = null;
  private capabilitiesRead = false;
  private connectionBackoff = { failures: 0, until: 0 };
  private readonly visitRetryAt = new Map<string, number>();
  private lastPull = -Infinity;
  private lastPush = -Infinity;
  /** A visit change arrived in batch mode: sent at the next batch. */
  private sendNow = false;

  constructor(private readonly opts: EhrEngineOptions) {
    this.loop = new ConnectedLoop({
      name: 'ehr',
      logger: opts.logger,
      core: opts.core,
      connected: (ctx) => hasEhrConnection(ctx.db),
      // Busy time this desk just read changes visits' neighbours, not visits to send.
      wakeOn: (e) => e.operation !== 'calendar.busy' && e.operation !== 'ehr.busy',
      cycle: (live, signal) => this.runCycle(live, signal),
    });
  }

  get active(): boolean {
    return this.loop.active;
  }

  /** Starts the loop if an EHR is connected; idempotent and never throws. */
  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** After the connection, key or mode changed: a new client, fresh backoffs, busy time read again. */
  async restart(): Promise<void> {
    await this.stop();
    this.client = null;
    this.capabilities = null;
    this.capabilitiesRead = false;
    this.connectionBackoff = { failures: 0, until: 0 };
    this.visitRetryAt.clear();
    this.lastPull = -Infinity;
    this.lastPush = -Infinity;
    this.start();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Sends what waits and reads busy time now, past any backoff and whatever the mode. */
  refresh(): void {
    this.lastPull = -Infinity;
    this.sendNow = true;
    this.connectionBackoff.until = 0;
    this.visitRetryAt.clear();
    this.kick();
  }

  /** Resolves after the next full cycle, or after `timeoutMs`. */
  async cycle(timeoutMs: number): Promise<void> {
    await this.loop.nextCycle(timeoutMs);
  }

  private blocked(): boolean {
    return this.connectionBackoff.until > elapsed();
  }

  private pullEveryMs(conn: StoredEhrConnection): number {
    return conn.mode === 'realtime' ? (this.opts.realtimePullMs ?? 60_000) : this.batchMs(conn);
  }

  private batchMs(conn: StoredEhrConnection): number {
    return this.opts.batchMs ?? conn.batchMinutes * 60_000;
  }

  private clientFor(ctx: CoreContext, conn: StoredEhrConnection): FhirClient {
    this.client ??= new FhirClient({ baseUrl: conn.baseUrl, credentials: credentialsOf(ctx.db, conn) }, this.opts.fetch);
    return this.client;
  }

  private async runCycle(live: () => boolean, signal: AbortSignal): Promise<number> {
    const ctx = this.opts.core();
    const conn = readEhrConnection(ctx.db);
    if (!conn) return this.opts.pollMs ?? 60_000;
    const client = this.clientFor(ctx, conn);
    let statusChanged = false;

    for (let more = true; more; ) {
      if (!live()) return 0;
      more = inWriteTransaction(ctx.db, () => scanNewVisits(ctx.db, ctx.clock.now(), SCAN_PAGE));
    }

    if (!this.blocked() && !this.capabilitiesRead) {
      // What the server supports decides conditional create; read once per start (it rarely changes).
      try {
        this.capabilities = readCapabilities(await client.metadata(signal));
        this.capabilitiesRead = true;
        const caps = this.capabilities;
        inWriteTransaction(ctx.db, () => recordCapabilities(ctx.db, caps));
      } catch (e) {
        if (!live()) return 0;
        this.capabilities = conn.capabilities;
        if (e instanceof FhirFailure) statusChanged = this.onConnectionFailure(ctx, e) || statusChanged;
      }
    }

    const pushDue = conn.mode !== 'batch' || this.sendNow || elapsed() - this.lastPush >= this.batchMs(conn);
    if (pushDue && !this.blocked()) {
      this.sendNow = false;
      const r = await this.pushPass(ctx, client, conn, live, signal);
      if (r === null) return 0;
      statusChanged = r || statusChanged;
      this.lastPush = elapsed();
    }

    if (!this.blocked() && elapsed() - this.lastPull >= this.pullEveryMs(conn)) {
      try {
        const changed = await pullEhrBusy(ctx, client, this.capabilities, signal);
        if (!live()) return 0;
        this.lastPull = elapsed();
        this.connectionBackoff.failures = 0;
        statusChanged = true;
        if (changed.length > 0) this.opts.onBusyChanged(changed);
      } catch (e) {
        if (!live()) return 0;
        const failure = e instanceof FhirFailure ? e : new FhirFailure('transient', 'The EHR’s bookings could not be read.');
        if (!(e instanceof FhirFailure)) this.opts.logger.warn('ehr.pull_failed', { errorName: e instanceof Error ? e.name : typeof e });
        statusChanged = this.onConnectionFailure(ctx, failure) || statusChanged;
      }
    }
    if (statusChanged) this.opts.onStatusChanged();
    return this.nextWait(conn);
  }

  /** One walk over the pending visits; null when the loop is no longer live. Returns whether anything changed. */
  private async pushPass(ctx: CoreContext, client: FhirClient, conn: StoredEhrConnection, live: () => boolean, signal: AbortSignal): Promise<boolean | null> {
    let changed = false;
    let afterSeq = 0;
    const seen = new Set<string>();
    for (;;) {
      if (!live()) return null;
      const rows = pendingVisits(ctx.db, afterSeq, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!live()) return null;
        afterSeq = row.seq;
        seen.add(row.appointmentId);
        if ((this.visitRetryAt.get(row.appointmentId) ?? -Infinity) > elapsed()) continue;
        const r = await pushVisit(ctx, client, { capabilities: this.capabilities, sendNotes: conn.sendNotes }, row.appointmentId, row.attempts, signal);
        if (!live()) return null;
        changed = true;
        if (r.kind === 'connection') {
          this.onConnectionFailure(ctx, r.failure);
          return true; // the rest wait for the EHR, at no cost to them
        }
        this.connectionBackoff.failures = 0;
        if (r.kind === 'retry') {
          this.visitRetryAt.set(row.appointmentId, elapsed() + backoffDelay(r.attempts, this.opts.random, this.opts.maxBackoffMs));
        } else {
          this.visitRetryAt.delete(row.appointmentId);
          if (r.kind === 'attention') this.opts.logger.warn('ehr.visit_needs_attention', {});
          if (r.kind === 'conflict') this.opts.logger.info('ehr.visit_conflict', {});
        }
      }
    }
    for (const id of this.visitRetryAt.keys()) if (!seen.has(id)) this.visitRetryAt.delete(id);
    return changed;
  }

  private onConnectionFailure(ctx: CoreContext, failure: FhirFailure): boolean {
    const b = this.connectionBackoff;
    b.failures++;
    b.until = elapsed() + Math.max(200, backoffDelay(b.failures, this.opts.random, this.opts.maxBackoffMs));
    const noted = inWriteTransaction(ctx.db, () => markProblem(ctx.db, failure.message, ctx.clock.now()));
    if (noted) this.opts.logger.warn('ehr.connection_failure', { kind: failure.kind, status: failure.status });
    return noted;
  }

  private nextWait(conn: StoredEhrConnection): number {
    const t = elapsed();
    let next = t + (this.opts.pollMs ?? 60_000);
    next = Math.min(next, this.lastPull + this.pullEveryMs(conn));
    if (conn.mode === 'batch') next = Math.min(next, this.lastPush + this.batchMs(conn));
    if (this.connectionBackoff.until > t) next = Math.min(next, this.connectionBackoff.until);
    for (const retry of this.visitRetryAt.values()) next = Math.min(next, retry);
    return Math.max(50, next - t);
  }
}
