import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppointmentId, EpochMs, PatientId } from '@shared/domain/ids';
import type { WriteDb } from '@main/core/db/open';
import { createReminderRunner, type ReminderRunner, type ReminderRunnerOptions } from '@main/reminder-delivery/runner';
import type { Logger } from '@main/platform/logger';
import type { TestContext } from '../../helpers/clinic-fixture';

/** A real SMTP server (smtp-server) on a free port; every accepted mail is parsed with mailparser. */
export interface TestSmtp {
  port: number;
  mails: ParsedMail[];
  /** Recipients refused with 550 at RCPT TO. */
  reject: Set<string>;
  close(): Promise<void>;
}

export async function startSmtp(opts: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtp> {
  const mails: ParsedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address)) cb(Object.assign(new Error(`<${address.address}>: no such mailbox`), { responseCode: 550 }));
      else cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, reject, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface GatewayRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the fake gateway answers the next request: a status, a slow status, or never (until closed). */
type GatewayAnswer = number | { status: number; delayMs: number } | 'hang';

/**
 * A local HTTP server playing the SMS gateway (the carrier cannot run here):
 * it records each request and answers from a script, then with `fallback`.
 */
export interface TestGateway {
  url: string;
  requests: GatewayRequest[];
  script: GatewayAnswer[];
  fallback: GatewayAnswer;
  close(): Promise<void>;
}

export async function startGateway(): Promise<TestGateway> {
  const gw: Omit<TestGateway, 'url' | 'close'> = { requests: [], script: [], fallback: 201 };
  const hanging = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      gw.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = gw.script.shift() ?? gw.fallback;
      const reply = (status: number) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { sid: 'SM1', status: 'queued' } : { code: status, message: 'error' }));
      };
      if (answer === 'hang') {
        const end = () => res.destroy();
        hanging.add(end);
        res.on('close', () => hanging.delete(end));
      } else if (typeof answer === 'number') reply(answer);
      else setTimeout(() => reply(answer.status), answer.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(gw, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hanging) end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as TestGateway;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A runner over the fixture's database and clock, recording the change events it pushes. */
export function testRunner(ctx: TestContext, opts: ReminderRunnerOptions = {}): { runner: ReminderRunner; changes: AppointmentId[][] } {
  const changes: AppointmentId[][] = [];
  const runner = createReminderRunner(
    { core: () => ctx, logger: silentLogger, onChanged: (ids) => changes.push(ids) },
    { random: () => 0.5, smsTimeoutMs: 2_000, smtpTimeoutMs: 5_000, ...opts },
  );
  return { runner, changes };
}

/** Gives a fixture patient an e-mail address, a preferred channel and opt-outs. */
export function setContact(
  db: WriteDb,
  patient: PatientId,
  c: { email?: string | null; phone?: string | null; preferred?: 'sms' | 'email' | 'none'; smsOptOut?: boolean; emailOptOut?: boolean },
): void {
  db.prepare(
    `UPDATE patients SET email = COALESCE(?, email), phone = CASE WHEN ? THEN ? ELSE phone END,
       preferred_channel = COALESCE(?, preferred_channel), sms_opt_out = COALESCE(?, sms_opt_out), email_opt_out = COALESCE(?, email_opt_out)
     WHERE id = ?`,
  ).run(
    c.email ?? null,
    c.phone !== undefined ? 1 : 0,
    c.phone ?? null,
    c.preferred ?? null,
    c.smsOptOut === undefined ? null : c.smsOptOut ? 1 : 0,
    c.emailOptOut === undefined ? null : c.emailOptOut ? 1 : 0,
    patient,
  );
}

export interface ReminderRow {
  id: string;
  offsetMin: number;
  dueAt: EpochMs;
  state: string;
  channel: string | null;
  attempts: number;
  lastError: string | null;
  skipReason: string | null;
  late: number;
  nextAttemptAt: EpochMs | null;
  leaseUntil: EpochMs | null;
}

export function reminderRows(db: WriteDb, appointmentId: AppointmentId): ReminderRow[] {
  return db
    .prepare(
      `SELECT id, offset_min AS offsetMin, due_at AS dueAt, state, channel, attempts, last_error AS lastError,
              skip_reason AS skipReason, late, next_attempt_at AS nextAttemptAt, lease_until AS leaseUntil
         FROM reminders WHERE appointment_id = ? ORDER BY offset_min DESC, updated_at`,
    )
    .all(appointmentId) as ReminderRow[];
}
