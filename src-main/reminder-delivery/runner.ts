import type { AppointmentId, EpochMs, ReminderId } from '../../src-shared/domain/ids';
import type { CoreContext } from '../core/context';
import { getReminderDelivery, getReminderSecrets, type ReminderSecrets } from '../core/reminders/delivery-settings';
import { decide, supersededIds, type Decision, type DueReminder, type ReminderChannel } from '../core/reminders/rules';
import {
  applyQuietDecisions,
  claimForSending,
  postpone,
  recordOutcome,
  recoverExpiredLeases,
  scanDueReminders,
  type SendClaim,
  type SendOutcome,
} from '../core/reminders/state';
import { renderReminder, templateValues } from '../core/reminders/templates';
import { stackFrames, type Logger } from '../platform/logger';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff';
import { fullJitterDelay } from '../sync/backoff';
import { createEmailChannel } from './channels/email';
import { createSmsChannel } from './channels/sms';
import type { ChannelResult, EmailChannel, SmsChannel } from './channels/types';
import { ownedByThisDesk, type ReminderClaimer } from './claim';
import type { ReminderDelivery } from '../../src-shared/schemas/reminders';

/**
 * The reminder runner, in the main process. Every `intervalMs` it:
 * 1. takes back sends whose lease ran out (the desk stopped mid-send);
 * 2. reads the due reminders (state.ts) and asks the claimer which are this desk's;
 * 3. decides each one (rules.ts): skip, cancel, defer (quiet hours) or send;
 * 4. claims the sends in one write transaction (state 'sending', with a lease),
 *    then sends them (a few at a time) and records each outcome in its own
 *    transaction: sent, failed, or scheduled again after a backoff.
 * Runs never overlap; `stop()` aborts sends in flight and waits for the run.
 */

export interface ReminderRunnerOptions {
  intervalMs?: number;
  /** Most reminders handled per run. */
  batchSize?: number;
  /** How long a claimed send may take before another run takes it back. Longer than any send's timeout. */
  leaseMs?: number;
  /** Picked up later than this after its moment (the desk was off): marked "sent late". */
  lateAfterMs?: number;
  /** When another desk's reminder is looked at again. */
  notOursRecheckMs?: number;
  concurrency?: number;
  retry?: RetryPolicy;
  random?: () => number;
  smsTimeoutMs?: number;
  smtpTimeoutMs?: number;
  claimer?: ReminderClaimer;
}

export interface ReminderRunnerDeps {
  /** The core context once the app is ready; null while starting, building the demo or closing. */
  core(): CoreContext | null;
  logger: Logger;
  /** After every state change (committed): the renderer hears `reminders/changed`. */
  onChanged(appointmentIds: AppointmentId[]): void;
}

interface RunSummary {
  recovered: number;
  scanned: number;
  notOurs: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  deferred: number;
  cancelled: number;
}

export interface ReminderRunner {
  /** Runs now and then every interval until stopped. */
  start(): void;
  /** One run (after any run in progress); what tests and `kick` use. */
  runOnce(): Promise<RunSummary>;
  /** Run soon (after a resend or a settings change). */
  kick(): void;
  stop(): Promise<void>;
}

const NOT_OURS_PASSED = 'Not sent from this workstation: the visit was booked at another desk.';

export function createReminderRunner(deps: ReminderRunnerDeps, opts: ReminderRunnerOptions = {}): ReminderRunner {
  const o = {
    intervalMs: opts.intervalMs ?? 30_000,
    batchSize: opts.batchSize ?? 200,
    leaseMs: opts.leaseMs ?? 5 * 60_000,
    lateAfterMs: opts.lateAfterMs ?? 10 * 60_000,
    notOursRecheckMs: opts.notOursRecheckMs ?? 5 * 60_000,
    concurrency: Math.max(1, opts.concurrency ?? 4),
    retry: opts.retry ?? DEFAULT_RETRY,
    random: opts.random ?? Math.random,
    smsTimeoutMs: opts.smsTimeoutMs ?? 15_000,
    smtpTimeoutMs: opts.smtpTimeoutMs ?? 30_000,
    claimer: opts.claimer ?? ownedByThisDesk,
  };
  const stopping = new AbortController();
  let running: Promise<RunSummary> = Promise.resolve(emptySummary());
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  /** The first run after start takes back this desk's own leases at once (a crash left them). */
  let firstRun = true;
  let email: { key: string; channel: EmailChannel } | null = null;

  const emailChannel = (d: ReminderDelivery, s: ReminderSecrets): EmailChannel | null => {
    if (!d.email) return null;
    const key = JSON.stringify([d.email, s.smtpPassword, o.smtpTimeoutMs]);
    if (email?.key !== key) {
      email?.channel.close();
      email = { key, channel: createEmailChannel(d.email, s.smtpPassword, o.smtpTimeoutMs) };
    }
    return email.channel;
  };

  const changed = (ids: Iterable<AppointmentId>) => {
    const list = [...new Set(ids)];
    if (list.length > 0) deps.onChanged(list);
  };

  async function run(): Promise<RunSummary> {
    const summary = emptySummary();
    const ctx = deps.core();
    if (!ctx || stopping.signal.aborted) return summary;
    const { db } = ctx;
    const device = ctx.actor.device;
    const now = ctx.clock.now();

    const recovered = recoverExpiredLeases(db, now, device, { atStart: firstRun });
    firstRun = false;
    summary.recovered = recovered.length;
    changed(recovered);

    const due = scanDueReminders(db, now, o.batchSize);
    summary.scanned = due.length;
    if (due.length === 0) return summary;

    const mine = new Set(await o.claimer.claim(due, ctx, now));
    const ours = due.filter((r) => mine.has(r.id));
    const others = due.filter((r) => !mine.has(r.id));
    summary.notOurs = others.length;
    // Another desk's reminder: looked at again later, or put to rest once its visit has passed.
    postpone(db, now, others.filter((r) => r.startAt > now).map((r) => r.id), now + o.notOursRecheckMs);
    const passedOthers = others.filter((r) => r.startAt <= now);

    const delivery = getReminderDelivery(db);
    const secrets = getReminderSecrets(db);
    const configured: Record<ReminderChannel, boolean> = {
      email: delivery.email !== null,
      sms: delivery.sms !== null && (delivery.sms.kind === 'webhook' || secrets.smsToken !== null),
    };
    const decided = ours.map((row) => ({
      row,
      decision: decide(row, { now, configured, quietHours: delivery.quietHours, lateAfterMs: o.lateAfterMs }),
    }));
    const superseded = supersededIds(decided.filter((d) => d.decision.kind === 'send' || d.decision.kind === 'defer').map((d) => d.row));

    const quiet: Array<{ row: DueReminder; decision: Exclude<Decision, { kind: 'send' }> }> = passedOthers.map((row) => ({
      row,
      decision: { kind: 'skip', reason: NOT_OURS_PASSED },
    }));
    const picks: Array<{ row: DueReminder; channel: ReminderChannel; late: boolean; to: string }> = [];
    for (const { row, decision } of decided) {
      if (superseded.has(row.id)) {
        quiet.push({ row, decision: { kind: 'skip', reason: 'A later reminder for this visit was due at the same time; only that one was sent.' } });
      } else if (decision.kind === 'send') {
        picks.push({ row, channel: decision.channel, late: decision.late, to: decision.to });
      } else {
        quiet.push({ row, decision });
        summary[decision.kind === 'skip' ? 'skipped' : decision.kind === 'defer' ? 'deferred' : 'cancelled'] += 1;
      }
    }
    changed(applyQuietDecisions(db, now, device, quiet));
    for (const q of quiet) {
      if (q.decision.kind !== 'defer') await settle(q.row.id, q.decision.kind === 'skip' ? 'skipped' : 'cancelled');
    }

    const claims = claimForSending(db, now, device, o.leaseMs, picks);
    changed(claims.map((c) => c.appointmentId));
    const byId = new Map(picks.map((p) => [p.row.id, p]));
    const email = emailChannel(delivery, secrets);
    const sms = delivery.sms ? createSmsChannel(delivery.sms, secrets.smsToken, o.smsTimeoutMs) : null;

    const queue = [...claims];
    const worker = async () => {
      for (let claim = queue.shift(); claim; claim = queue.shift()) {
        const pick = byId.get(claim.id)!;
        const result = await sendOne(claim, pick.row, pick.to, delivery, email, sms);
        const outcome = toOutcome(result, claim, ctx.clock.now());
        summary[outcome.kind === 'sent' ? 'sent' : outcome.kind === 'failed' ? 'failed' : 'retrying'] += 1;
        await recordWithRetry(ctx, device, claim, outcome);
        changed([claim.appointmentId]);
        await settle(claim.id, outcome.kind === 'retry' ? 'scheduled' : outcome.kind);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, claims.length) }, worker));
    return summary;
  }

  function sendOne(
    claim: SendClaim,
    row: DueReminder,
    to: string,
    delivery: ReminderDelivery,
    email: EmailChannel | null,
    sms: SmsChannel | null,
  ): Promise<ChannelResult> {
    const text = renderReminder(delivery.templates, templateValues(row));
    // The same reference on every attempt of this reminder (Message-ID, idempotency key).
    const reference = `reminder-${claim.id}`;
    const channel = claim.channel === 'email' ? email : sms;
    if (!channel) return Promise.resolve({ ok: false, retryable: false, reason: 'This channel is no longer set up for the clinic.' });
    return claim.channel === 'email'
      ? (channel as EmailChannel).send({ to, subject: text.emailSubject, text: text.emailBody, reference }, stopping.signal)
      : (channel as SmsChannel).send({ to, body: text.smsBody, reference }, stopping.signal);
  }

  function toOutcome(result: ChannelResult, claim: SendClaim, now: EpochMs): SendOutcome {
    if (result.ok) return { kind: 'sent' };
    if (!result.retryable) return { kind: 'failed', reason: result.reason };
    if (claim.attempt >= o.retry.maxAttempts) {
      return { kind: 'failed', reason: `${result.reason} Gave up after ${claim.attempt} attempts.` };
    }
    return { kind: 'retry', reason: result.reason, retryAt: now + fullJitterDelay(claim.attempt, o.retry, o.random) };
  }

  /** The outcome must reach the database: a lost write would send the reminder again after the lease. */
  async function recordWithRetry(ctx: CoreContext, device: string, claim: SendClaim, outcome: SendOutcome): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        recordOutcome(ctx.db, ctx.clock.now(), device, claim, outcome);
        return;
      } catch (e) {
        if (i >= 2 || !ctx.db.open) throw e;
        await new Promise((r) => setTimeout(r, 200 * (i + 1)));
      }
    }
  }

  async function settle(id: ReminderId, state: Parameters<NonNullable<ReminderClaimer['settle']>>[1]): Promise<void> {
    try {
      await o.claimer.settle?.(id, state);
    } catch (e) {
      deps.logger.warn('reminders.settle_failed', { reminderId: id, stack: stackFrames(e) });
    }
  }

  const runOnce = (): Promise<RunSummary> => {
    const next = running.then(
      () => run(),
      () => run(),
    );
    running = next.then(
      (s) => {
        if (s.scanned + s.recovered > 0) deps.logger.info('reminders.run', { ...s });
        return s;
      },
      (e: unknown) => {
        deps.logger.error('reminders.run_failed', { errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
        return emptySummary();
      },
    );
    return next;
  };

  const schedule = (ms: number) => {
    if (!started || stopping.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void runOnce()
        .catch(() => undefined)
        .finally(() => schedule(o.intervalMs));
    }, ms);
    timer.unref();
  };

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    runOnce,
    kick() {
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      stopping.abort();
      await running.catch(() => undefined);
      email?.channel.close();
      email = null;
    },
  };
}

function emptySummary(): RunSummary {
  return { recovered: 0, scanned: 0, notOurs: 0, sent: 0, retrying: 0, failed: 0, skipped: 0, deferred: 0, cancelled: 0 };
}
