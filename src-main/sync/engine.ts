import type pg from 'pg';
import type { AppointmentId, PatientId } from '../../src-shared/domain/ids';
import type { ClinicEntity } from '../../src-shared/domain/events';
import { AppError } from '../../src-shared/domain/errors';
import type { HubConnection } from '../../src-shared/schemas/sync';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import type { Logger } from '../platform/logger';
import { classifyHubError, createHubPool, HUB_TIMEOUTS, hubFailureError, type HubFailure, type HubTimeouts } from './adapters/hub-postgres/client';
import { helloHub } from './adapters/hub-postgres/session';
import { backoffDelay, probeDelay } from './backoff';
import { openConflict, undoRefusedChange } from './conflicts';
import { hasLocalChange } from './apply-remote';
import { readHubConnection, readSyncState, writeSyncState } from './hub-settings';
import { pullPage } from './puller';
import { pushBatch, type PushResult } from './pusher';
import { markFailed, nextBatch, nextDueAt } from './queue';
import { OFFLINE_SINCE_KEY, PROBLEM_KEY } from './status';
import { CycleLoop } from './cycle-loop';
import { shipAuditTrail } from './audit-shipper';
import { compareAuditWithHub } from './audit-compare';
import type { AuditHubCheckDto } from '../../src-shared/domain/audit';
import { readAuditRefusal, type HubIdentity } from './audit-shipping-state';

/**
 * The sync engine: one loop per desk that, while a hub is
 * configured, pushes the outbox and pulls other desks' changes. It wakes on
 * a local change (`kick`), on the hub's NOTIFY, when a row's backoff ends, and
 * every `pollMs` otherwise.
 *
 * Offline (the hub cannot be reached) costs the rows nothing: the status says
 * since when, and the loop probes the hub on a short bounded schedule
 * (`probeDelay`: at most a few seconds apart, jittered), not on every local
 * change, so hundreds of bookings made during an outage cost no connection
 * attempts and the hub is noticed within seconds of coming back. `probeNow`
 * lets the platform (network change, wake from sleep) and the desk's "Try
 * now" skip the wait. An outage is logged once when it starts and once when
 * it ends. A failed attempt at the hub counts against the rows in it (their
 * own backoff, queue.ts); a batch that failed is retried one row at a time,
 * so one bad row cannot hold the rest.
 */
export interface SyncEngineOptions {
  core(): CoreContext;
  logger: Logger;
  /** Called after anything the sync indicator shows may have changed. */
  onStatusChanged(): void;
  /** Patient records arrived from the hub (an open patient panel refreshes). */
  onPatientsChanged?(patientIds: PatientId[]): void;
  /** Staff accounts changed here by sync: another desk's change, or this desk's own undone by the hub. */
  onStaffChanged?(staffIds: string[]): void;
  pollMs?: number;
  batchSize?: number;
  random?: () => number;
  /** How long to wait on the hub, and how long `stop` waits for a push in flight; the defaults suit a clinic's network. */
  timeouts?: Partial<HubTimeouts> & { stopMs?: number };
}

const STOP_WAIT_MS = 3_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
const REFUSED_RETRY_MS = 60_000;
/** Audit batches sent per cycle: a long trail goes out over several cycles, visits between them. */
const AUDIT_BATCHES_PER_CYCLE = 10;

/** What became of a visit's latest change at the hub (see `SyncEngine.hubVerdict`). */
export type HubVerdict =
  | { outcome: 'confirmed' }
  | { outcome: 'refused'; kind: 'overlap' | 'version' }
  | { outcome: 'queued'; hubAway: boolean };

export class SyncEngine {
  private pool: pg.Pool | null = null;
  private listener: pg.PoolClient | null = null;
  private hubId: string | null = null;
  /** Who the hub says this desk is (with hubId): the audit trail's cursor holds only for the same hub and desk. */
  private deskId: string | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly loop = new CycleLoop();
  private offlineFailures = 0;
  /** The hub could not be reached on the last attempt: local changes wait for the next probe. */
  private away = false;
  private awaySince = 0;
  /** The refusal last logged, so a hub that keeps refusing is logged once. */
  private loggedRefusal: string | null = null;
  private isolate = false;
  private readonly pollMs: number;
  private readonly batchSize: number;

  constructor(private readonly opts: SyncEngineOptions) {
    this.pollMs = opts.pollMs ?? 15_000;
    this.batchSize = opts.batchSize ?? 500;
  }

  /** True when this desk has a hub configured (the loop runs, reachable or not). */
  get configured(): boolean {
    return !this.stopped;
  }

  /** The hub connection pool while the hub answers (for the reminder claims); null offline or without a hub. */
  hubPool(): pg.Pool | null {
    return !this.stopped && this.hubId !== null ? this.pool : null;
  }

  /** Starts the loop if this desk has a hub; idempotent. */
  start(): void {
    if (!this.stopped) return;
    const conn = readHubConnection(this.opts.core().db);
    if (!conn) return;
    this.stopped = false;
    this.away = false; // a (re)started loop tries the hub at once
    this.offlineFailures = 0;
    let pool: pg.Pool | null = null;
    const poolOf = (): pg.Pool => {
      if (!pool) {
        pool = createHubPool(conn, { ...HUB_TIMEOUTS, ...this.opts.timeouts });
        this.pool = pool;
      }
      return pool;
    };
    this.running = this.loop
      .run({
        stopped: () => this.stopped,
        // Made in the loop: an address the desk will not use is a refusal shown in the status, not a crash at start.
        cycle: (live) => this.runCycle(live, poolOf()),
        onError: (e) => this.onFailure(classifyHubError(e), e),
      })
      .catch((e: unknown) => {
        this.opts.logger.error('sync.loop_failed', { errorName: e instanceof Error ? e.name : typeof e });
      });
  }

  /**
   * Stops the loop. A push in flight to a hung hub is not waited for beyond
   * STOP_WAIT_MS (quitting must not hang): its rows stay pending here, and the
   * hub answers their next delivery from its receipts. A loop that is no
   * longer current writes nothing more to the database.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    const running = this.running;
    this.running = null;
    const deadline = sleep(this.opts.timeouts?.stopMs ?? STOP_WAIT_MS); // one bound for the loop and the pool together
    await Promise.race([running, deadline]);
    this.hubId = null;
    const listener = this.listener;
    this.listener = null;
    listener?.release(true);
    const pool = this.pool;
    this.pool = null;
    await Promise.race([pool?.end().catch(() => undefined), deadline]);
    this.loop.releaseWaiters();
  }

  /** After a settings change: the next loop uses the new hub (or none). */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  /**
   * Something changed locally or at the hub: run a cycle soon. While the hub
   * is away this waits for the next probe instead (an outage's bookings must
   * not each try to reach it).
   */
  kick(): void {
    if (!this.away) this.loop.kick();
  }

  /**
   * Try the hub now (the network changed, the workstation woke up): the probe
   * schedule starts again from its shortest step.
   */
  probeNow(): void {
    this.offlineFailures = 0;
    this.loop.kick();
  }

  /** The desk's "Try now": one attempt right away; resolves when it has been made (or after `timeoutMs`). */
  async tryNow(timeoutMs: number): Promise<void> {
    this.offlineFailures = 0;
    await this.cycle(timeoutMs);
  }

  /**
   * What the hub said about a visit's latest change, after waiting for one
   * cycle while it is reachable (at most `timeoutMs`): taken, refused (the
   * conflict is recorded again), or still queued — because the hub is away, or
   * has not answered yet.
   */
  async hubVerdict(appointmentId: AppointmentId, timeoutMs: number): Promise<HubVerdict> {
    if (!this.stopped && this.hubId !== null) await this.cycle(timeoutMs);
    const db = this.opts.core().db;
    const conflict = openConflict(db, appointmentId);
    if (conflict) return { outcome: 'refused', kind: conflict.kind };
    if (!hasLocalChange(db, 'appointment', appointmentId)) return { outcome: 'confirmed' };
    return { outcome: 'queued', hubAway: this.stopped || this.hubId === null };
  }

  /** Resolves after the next full cycle (push and pull), or after `timeoutMs`. */
  async cycle(timeoutMs: number): Promise<void> {
    if (!this.stopped) await this.loop.nextCycle(timeoutMs);
  }

  /**
   * Online, a change is confirmed by the hub before the desk is told it
   * succeeded: if the hub refused it (another desk took the time a moment
   * ago), the change is undone here and the desk gets a clear error. Offline
   * (or a slow hub), the change stands locally and goes out later; a refusal
   * then shows in the conflicts list. While the hub is known to be away the
   * desk does not wait at all.
   */
  async confirmUpstream(appointmentIds: readonly AppointmentId[], timeoutMs = 3_000): Promise<void> {
    // Not connected (offline, refused, or not yet reached): the desk is not kept waiting.
    if (this.stopped || this.hubId === null || appointmentIds.length === 0) return;
    await this.cycle(timeoutMs);
    const ctx = this.opts.core();
    const refused = appointmentIds.flatMap((id) => {
      const c = openConflict(ctx.db, id);
      return c ? [{ id, kind: c.kind }] : [];
    });
    if (refused.length === 0) return;
    for (const { id } of refused) undoRefusedChange(ctx, id);
    this.opts.onStatusChanged();
    if (refused.some((r) => r.kind === 'version')) {
      throw new AppError('CONFLICT', 'Someone at another desk changed this appointment a moment ago. Nothing was saved; the schedule now shows their version.');
    }
    throw new AppError('SLOT_TAKEN', 'Another desk booked this time a moment ago. Nothing was saved; please choose another time.', { refusedBy: 'hub' });
  }

  /** The manager's check of the hub's copy of this desk's audit trail; HUB_UNREACHABLE while the hub is not connected. */
  async checkAuditAtHub(): Promise<AuditHubCheckDto> {
    const pool = this.hubPool();
    const [hubId, deskId] = [this.hubId, this.deskId];
    if (this.stopped) throw new AppError('HUB_UNREACHABLE', 'This desk is not connected to a clinic hub, so there is no copy of its audit trail to check.');
    if (!pool || hubId === null || deskId === null) {
      throw new AppError('HUB_UNREACHABLE', 'The clinic hub cannot be reached right now. Check again once Sync shows the hub connected.');
    }
    let client: pg.PoolClient | null = null;
    try {
      client = await pool.connect();
      return await compareAuditWithHub(this.opts.core().db, client, { hubId, deskId });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw hubFailureError(classifyHubError(e));
    } finally {
      client?.release();
    }
  }

  /** Connects with the given settings and checks the hub takes this desk; a clear error if it cannot. */
  static async testConnection(conn: HubConnection): Promise<{ hubId: string; deskName: string }> {
    const pool = createHubPool(conn);
    try {
      const client = await pool.connect();
      try {
        return await helloHub(client);
      } finally {
        client.release();
      }
    } catch (e) {
      if (e instanceof AppError) throw e; // a newer hub: UNSUPPORTED_VERSION as it is
      throw hubFailureError(classifyHubError(e));
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  /** One push-and-pull cycle; returns how long to wait before the next. */
  private async runCycle(live: () => boolean, pool: pg.Pool): Promise<number> {
    const client = await pool.connect();
    let broken = false;
    try {
      if (this.hubId === null || this.deskId === null) {
        const hello = await helloHub(client);
        if (!live()) return 0;
        this.deskId = hello.deskId;
        this.hubId = hello.hubId;
      }
      const hub = this.hubId;
      const desk = this.deskId;
      this.markReachable();
      await this.ensureListener(pool);
      const ctx = this.opts.core();
      for (;;) {
        if (!live()) return 0;
        const rows = nextBatch(ctx.db, ctx.clock.now(), this.isolate ? 1 : this.batchSize);
        if (rows.length === 0) break;
        try {
          const r = await pushBatch(ctx, client, rows, { random: this.opts.random, live });
          this.isolate = false;
          if (r.delivered + r.conflicts.length + r.failed > 0) this.opts.onStatusChanged();
          if (r.patients.length > 0) this.opts.onPatientsChanged?.(r.patients as PatientId[]);
          if (r.undone.length > 0) this.announceUndone(ctx, r.undone);
        } catch (e) {
          const f = classifyHubError(e);
          if (f.kind === 'offline' || !live()) throw e;
          broken = true;
          // Reached the hub, but the attempt failed: it counts for these rows; retry them one by one.
          const attention = markFailed(ctx.db, rows, ctx.clock.now(), f.message, this.opts.random);
          this.isolate = true;
          this.opts.logger.warn('sync.push_failed', { rows: rows.length, code: f.code, attention });
          this.opts.onStatusChanged();
          return 250;
        }
      }
      for (;;) {
        if (!live()) return 0;
        const r = await pullPage(ctx, client, hub, { live });
        for (const [entity, ids] of r.setup) {
          const released = entity === 'blockout' && r.setupReleased.length > 0 ? { released: r.setupReleased } : {};
          ctx.events.emit('clinic/changed', { entity, ids, ...released });
        }
        if (r.changed) ctx.events.emit('appointments/changed', r.changed);
        if (r.waitlist.length > 0) ctx.events.emit('waitlist/changed', { entryIds: r.waitlist });
        if (r.patients.length > 0) this.opts.onPatientsChanged?.(r.patients);
        if (r.staff.length > 0) this.opts.onStaffChanged?.(r.staff);
        if (r.stuck) this.opts.logger.warn('sync.pull_stuck', { reason: r.stuck.split(':')[0] });
        if (r.quarantined > 0) {
          this.opts.logger.warn('sync.pull_quarantined', { count: r.quarantined });
          this.opts.onStatusChanged();
        }
        if (!r.more) break;
      }
      const audit = await this.shipAudit(ctx, client, { hubId: hub, deskId: desk }, live);
      if (audit === 'failed') broken = true;
      const due = nextDueAt(ctx.db);
      const untilDue = due === null ? this.pollMs : Math.max(50, due - ctx.clock.now());
      return audit === 'more' ? 50 : Math.min(this.pollMs, untilDue);
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /**
   * The audit trail after the visits: a refusal (the trail here no longer
   * matches the hub's copy) is a status line of its own, never a reason to
   * hold visits back; an outage counts as for the visits; any other failure
   * is logged and tried again next cycle ('failed': the connection may be
   * broken). 'more': rows remain after this cycle's share; the next cycle
   * comes at once.
   */
  private async shipAudit(ctx: CoreContext, client: pg.PoolClient, who: HubIdentity, live: () => boolean): Promise<'done' | 'more' | 'failed'> {
    const before = readAuditRefusal(ctx.db);
    let r: Awaited<ReturnType<typeof shipAuditTrail>>;
    try {
      r = await shipAuditTrail(ctx, client, who, { live, maxBatches: AUDIT_BATCHES_PER_CYCLE });
    } catch (e) {
      const f = classifyHubError(e);
      if (f.kind === 'offline' || !live()) throw e;
      // Reached the hub but this attempt failed: the visits this cycle moved stand; the trail goes again next cycle.
      this.opts.logger.warn('sync.audit_failed', { code: f.code });
      return 'failed';
    }
    if (r.refused && r.refused.at !== before?.at) {
      this.opts.logger.warn('sync.audit_refused', { reason: r.refused.reason, seq: r.refused.seq });
    }
    if (r.stored > 0 || (r.refused?.at ?? null) !== (before?.at ?? null)) this.opts.onStatusChanged();
    return r.more ? 'more' : 'done';
  }

  /** Records put back to the hub's version: the staff list, the session and set-up screens follow. */
  private announceUndone(ctx: CoreContext, undone: PushResult['undone']): void {
    const staff = undone.filter((u) => u.entityType === 'staff').map((u) => u.entityId);
    if (staff.length > 0) this.opts.onStaffChanged?.(staff);
    for (const u of undone) if (u.entityType !== 'staff') ctx.events.emit('clinic/changed', { entity: u.entityType as ClinicEntity, ids: [u.entityId] });
    this.opts.onStatusChanged();
  }

  /** Notes a failure for the status and says how long to wait. */
  private onFailure(f: HubFailure, e: unknown): number {
    const db = this.opts.core().db;
    if (f.kind === 'refused') {
      this.hubId = null;
      if (this.loggedRefusal !== f.message) this.opts.logger.warn('sync.hub_refused', { code: f.code, message: f.message });
      this.loggedRefusal = f.message;
      inWriteTransaction(db, () => writeSyncState(db, PROBLEM_KEY, f.message));
      this.opts.onStatusChanged();
      return REFUSED_RETRY_MS;
    }
    // The hub answered with a typed refusal of something this desk did: not an outage; try again later.
    if (f.kind !== 'offline' && e instanceof AppError) {
      this.opts.logger.warn('sync.hub_failure', { kind: f.kind, code: f.code });
      return Math.max(200, backoffDelay(1, this.opts.random, REFUSED_RETRY_MS));
    }
    // Unreachable, or reached but the attempt broke off (the hub restarting, a cut link): probe again soon.
    this.offlineFailures++;
    this.hubId = null;
    const listener = this.listener;
    this.listener = null;
    listener?.release(true);
    if (!this.away) {
      this.away = true;
      this.awaySince = this.opts.core().clock.now();
      this.opts.logger.warn('sync.hub_unreachable', { kind: f.kind, code: f.code });
    }
    if (readSyncState(db, OFFLINE_SINCE_KEY) === null) {
      inWriteTransaction(db, () => writeSyncState(db, OFFLINE_SINCE_KEY, String(this.opts.core().clock.now())));
      this.opts.onStatusChanged();
    }
    return probeDelay(this.offlineFailures, this.opts.random);
  }

  private markReachable(): void {
    if (this.away) this.opts.logger.info('sync.hub_back', { outageMs: this.opts.core().clock.now() - this.awaySince, probes: this.offlineFailures });
    this.away = false;
    this.loggedRefusal = null;
    this.offlineFailures = 0;
    const db = this.opts.core().db;
    if (readSyncState(db, OFFLINE_SINCE_KEY) === null && readSyncState(db, PROBLEM_KEY) === null) return;
    inWriteTransaction(db, () => {
      writeSyncState(db, OFFLINE_SINCE_KEY, null);
      writeSyncState(db, PROBLEM_KEY, null);
    });
    this.opts.onStatusChanged();
  }

  /** LISTEN for other desks' changes so they show here within a moment. */
  private async ensureListener(pool: pg.Pool): Promise<void> {
    if (this.listener) return;
    const client = await pool.connect();
    client.on('notification', () => this.kick());
    // Released once: here on a cut connection, or by whoever took it off `listener` (stop, going offline).
    client.on('error', () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.release(true);
    });
    try {
      await client.query('LISTEN hub_changes');
    } catch (e) {
      client.release(true);
      throw e;
    }
    this.listener = client;
  }
}
