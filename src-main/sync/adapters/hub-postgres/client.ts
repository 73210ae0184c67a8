import pg from 'pg';
import { AppError } from '@shared/domain/errors';
import type { HubConnection } from '@shared/schemas/sync';
import { hubClientConfig } from './connection-config';

/**
 * Connecting to the clinic hub and telling its failures apart.
 *
 * - 'offline': the hub cannot be reached at all. Nothing is counted against
 *   the queued rows: an outage of a day must not turn every change into a row
 *   that needs attention. The pusher backs off and the status says offline.
 * - 'transient': the hub was reached but the attempt failed in a way that may
 *   pass (connection cut mid-transaction, deadlock 40P01, serialization
 *   failure, statement timeout). Counts as an attempt for the rows involved.
 * - 'refused': the hub answers but will not take this desk (password,
 *   database, permissions, TLS, a newer hub schema, a desk a manager revoked,
 *   an address the desk will not use). Nothing can flow until someone changes
 *   the settings; the queue and the local data stay intact.
 */
type HubFailureKind = 'offline' | 'transient' | 'refused';

export interface HubFailure {
  kind: HubFailureKind;
  /** For the desk: what happened and what to do. No patient data. */
  message: string;
  /** SQLSTATE or Node error code, for the log. */
  code: string | null;
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);
const TRANSIENT_SQLSTATE = /^(08|40001|40P01|57014|57P0[1-3]|53300|55P03)/;

export function classifyHubError(e: unknown): HubFailure {
  if (e instanceof AppError) {
    return { kind: 'refused', message: e.message, code: e.code };
  }
  const err = e as { code?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : null;
  const text = typeof err.message === 'string' ? err.message : String(e);
  if (code === '28000' && /revoked|not permitted to log in/i.test(text + ((e as { hint?: string }).hint ?? ''))) {
    return {
      kind: 'refused',
      code,
      message:
        'A manager withdrew this desk’s access to the clinic hub. Bookings made here stay on this desk and wait to be sent; ask a manager for a new enrollment code to join again.',
    };
  }
  if (code === '28P01' || code === '28000') {
    return { kind: 'refused', code, message: 'The clinic hub refused this desk’s user name or password. Ask a manager for a new enrollment code (Sync › Clinic hub connection).' };
  }
  if (code === '42883' || code === '3F000') {
    return {
      kind: 'refused',
      code,
      message: 'The clinic hub is not set up for this version of Frontdesk yet. Ask your manager to set up the hub (npm run hub:init, or Sync › Hub administration).',
    };
  }
  if (code === '3D000') return { kind: 'refused', code, message: 'The clinic hub has no database by that name. Check the hub address.' };
  if (code === '42501') return { kind: 'refused', code, message: 'The clinic hub does not let this user in as a desk. Ask a manager for an enrollment code.' };
  if (code === 'ENOTFOUND') return { kind: 'offline', code, message: 'The clinic hub address cannot be found. Check the address, or the network.' };
  if (code !== null && OFFLINE_CODES.has(code)) return { kind: 'offline', code, message: 'The clinic hub cannot be reached. Changes are kept here and sent when it is back.' };
  if (/self[- ]signed|certificate|SSL|TLS/i.test(text)) {
    return { kind: 'refused', code, message: 'The secure connection to the clinic hub failed. Check the TLS setting and certificate.' };
  }
  if (code !== null && TRANSIENT_SQLSTATE.test(code)) return { kind: 'transient', code, message: 'The clinic hub was busy or the connection dropped; retrying.' };
  if (/Connection terminated|timeout|ECONNRESET|Client has encountered a connection error/i.test(text)) {
    return { kind: 'transient', code, message: 'The connection to the clinic hub dropped; retrying.' };
  }
  return { kind: 'transient', code, message: 'The clinic hub could not take the change; retrying.' };
}

/** The failure as an error for a request that waited on the hub (test connection). */
export function hubFailureError(f: HubFailure): AppError {
  return new AppError(f.kind === 'refused' ? 'HUB_REFUSED' : 'HUB_UNREACHABLE', f.message, f.code ? { code: f.code } : undefined);
}

/** How long the desk waits on the hub: to connect, and for one statement (a hung one must not hold the queue; the pusher retries it). */
export interface HubTimeouts {
  connectMs: number;
  statementMs: number;
}

export const HUB_TIMEOUTS: HubTimeouts = { connectMs: 5_000, statementMs: 15_000 };

/** A pool for the hub; throws a VALIDATION error (never anything else) for an address or TLS setting it will not use. */
export function createHubPool(conn: HubConnection, timeouts: HubTimeouts = HUB_TIMEOUTS): pg.Pool {
  const pool = new pg.Pool({
    ...hubClientConfig(conn),
    max: 3,
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: timeouts.statementMs,
    // The client's own bound, for a hub that stops answering altogether.
    query_timeout: timeouts.statementMs + 5_000,
    application_name: 'frontdesk-desk',
    keepAlive: true,
  });
  // A connection lost (idle or checked out) must not crash the main process:
  // the query in flight rejects, and the engine classifies that failure.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
