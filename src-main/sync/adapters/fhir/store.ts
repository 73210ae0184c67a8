import type { EhrAuthKind, EhrMappingKind, EhrSyncMode } from '@shared/domain/ehr';
import type { ReadDb, WriteDb } from '@main/core/db/open';
import { prepared } from '@main/core/db/prepared';
import { reviewSecret, unwrapSecret, wrapSecret } from '@main/core/secrets/wrapped-secrets';
import type { ClientKey, EhrCredentials } from './auth';
import type { Capabilities } from './capabilities';
import { maxVisitRowid, scanNewVisitRows, writeScanAfter } from '../../new-visit-scan';

/**
 * The EHR adapter's bookkeeping in the desk's database (migration 0018):
 * the connection and the desk's signing key, the mapping tables, what the
 * EHR holds of each visit, and the push queue.
 */
export const DAY_MS = 24 * 60 * 60_000;
/** New visits that ended longer ago than this are not sent when the EHR is first connected. */
const PUSH_HORIZON_MS = DAY_MS;
const SCAN_AFTER_KEY = 'ehrScanAfter';
export const busySource = (providerId: string): string => `fhir:${providerId}`;

export interface StoredEhrConnection {
  baseUrl: string;
  authKind: EhrAuthKind;
  clientId: string;
  tokenUrl: string;
  scope: string;
  username: string;
  /** Unwrapped: a bearer token or a password ('' for SMART or when missing). */
  secret: string;
  mode: EhrSyncMode;
  batchMinutes: number;
  sendNotes: boolean;
  capabilities: Capabilities | null;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

interface ConnectionRow extends Omit<StoredEhrConnection, 'sendNotes' | 'capabilities'> {
  sendNotes: number;
  capabilities: string | null;
}

const COLUMNS = `base_url AS baseUrl, auth_kind AS authKind, client_id AS clientId, token_url AS tokenUrl, scope, username, secret,
  mode, batch_minutes AS batchMinutes, send_notes AS sendNotes, capabilities, last_push_at AS lastPushAt, last_pull_at AS lastPullAt,
  last_error AS lastError, last_error_at AS lastErrorAt`;

export function readEhrConnection(db: ReadDb): StoredEhrConnection | null {
  const row = prepared<ConnectionRow>(db, `SELECT ${COLUMNS} FROM ehr_connection WHERE id = 1`).get();
  if (!row) return null;
  return {
    ...row,
    secret: row.secret === '' ? '' : unwrapSecret(db, row.secret),
    sendNotes: row.sendNotes === 1,
    capabilities: row.capabilities ? (JSON.parse(row.capabilities) as Capabilities) : null,
  };
}

export const hasEhrConnection = (db: ReadDb): boolean => prepared<number>(db, `SELECT EXISTS (SELECT 1 FROM ehr_connection)`).pluck().get() === 1;

export type EhrConnectionWrite = Omit<StoredEhrConnection, 'lastPushAt' | 'lastPullAt' | 'lastError' | 'lastErrorAt'>;

/**
 * Saves the connection. Another server forgets what the previous one held
 * (its appointment ids, patient links, busy time) and queues every visit from
 * now − 1 day on; the same server keeps them and gives refused visits another
 * chance.
 */
export function writeEhrConnection(db: WriteDb, c: EhrConnectionWrite, now: number): void {
  const before = readEhrConnection(db);
  if (!before) writeScanAfter(db, SCAN_AFTER_KEY, maxVisitRowid(db));
  prepared(
    db,
    `INSERT INTO ehr_connection (id, base_url, auth_kind, client_id, token_url, scope, username, secret, mode, batch_minutes, send_notes, capabilities, created_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, auth_kind = excluded.auth_kind, client_id = excluded.client_id,
       token_url = excluded.token_url, scope = excluded.scope, username = excluded.username, secret = excluded.secret, mode = excluded.mode,
       batch_minutes = excluded.batch_minutes, send_notes = excluded.send_notes, capabilities = excluded.capabilities,
       updated_at = excluded.updated_at, last_error = NULL, last_error_at = NULL`,
  ).run(
    c.baseUrl,
    c.authKind,
    c.clientId,
    c.tokenUrl,
    c.scope,
    c.username,
    c.secret === '' ? '' : wrapSecret(db, c.secret),
    c.mode,
    c.batchMinutes,
    c.sendNotes ? 1 : 0,
    c.capabilities ? JSON.stringify(c.capabilities) : null,
    now,
    now,
  );
  if (before && before.baseUrl === c.baseUrl) {
    // Same EHR: what it refused or kept failing gets another chance; the note setting may change every Appointment.
    prepared(db, `UPDATE ehr_push_queue SET state = 'pending', attempts = 0, last_error = NULL WHERE state IN ('attention', 'needs-mapping')`).run();
    if (before.sendNotes !== c.sendNotes) queueDelivered(db);
    return;
  }
  forgetServer(db);
  prepared(
    db,
    `INSERT INTO ehr_push_queue (appointment_id)
       SELECT id FROM appointments WHERE end_at >= ? AND id NOT IN (SELECT appointment_id FROM ehr_push_queue)`,
  ).run(now - PUSH_HORIZON_MS);
}

function queueDelivered(db: WriteDb): void {
  prepared(
    db,
    `INSERT INTO ehr_push_queue (appointment_id)
       SELECT appointment_id FROM ehr_appointments WHERE appointment_id NOT IN (SELECT appointment_id FROM ehr_push_queue)`,
  ).run();
}

/** What one EHR held means nothing to another: ids, patient links, busy time and the queue go. */
function forgetServer(db: WriteDb): void {
  prepared(db, `DELETE FROM ehr_appointments`).run();
  prepared(db, `DELETE FROM ehr_mappings WHERE kind = 'patient'`).run();
  prepared(db, `DELETE FROM external_busy WHERE source LIKE 'fhir:%'`).run();
  prepared(db, `DELETE FROM ehr_push_queue`).run();
}

/** Disconnects the EHR: the connection and everything the desk remembered of it (mappings of the set-up stay). */
export function removeEhrConnection(db: WriteDb): { providerIds: string[]; removed: boolean } {
  const providerIds = prepared<string>(db, `SELECT DISTINCT provider_id FROM external_busy WHERE source LIKE 'fhir:%'`).pluck().all();
  const removed = prepared(db, `DELETE FROM ehr_connection`).run().changes > 0;
  forgetServer(db);
  prepared(db, `DELETE FROM sync_state WHERE key = ?`).run(SCAN_AFTER_KEY);
  return { providerIds, removed };
}

export function recordCapabilities(db: WriteDb, caps: Capabilities | null): void {
  prepared(db, `UPDATE ehr_connection SET capabilities = ? WHERE id = 1`).run(caps ? JSON.stringify(caps) : null);
}

export function markContact(db: WriteDb, what: 'push' | 'pull', now: number): void {
  const column = what === 'push' ? 'last_push_at' : 'last_pull_at';
  prepared(db, `UPDATE ehr_connection SET ${column} = ?, last_error = NULL, last_error_at = NULL WHERE id = 1`).run(now);
}

/** Notes a connection problem in plain words; `since` stays at the first failure of a run. Whether it is new. */
export function markProblem(db: WriteDb, message: string, now: number): boolean {
  return (
    prepared(db, `UPDATE ehr_connection SET last_error = ?, last_error_at = COALESCE(last_error_at, ?) WHERE id = 1 AND last_error IS NOT ?`).run(
      message,
      now,
      message,
    ).changes > 0
  );
}

/** The stored secret after opening the database (core/secrets reviewSecret); one this computer cannot unwrap is dropped. */
export function reviewStoredEhrSecrets(db: WriteDb): { rewritten: number; dropped: number } {
  const done = { rewritten: 0, dropped: 0 };
  const review = (stored: string, write: (s: string) => void): void => {
    if (stored === '') return;
    const r = reviewSecret(db, stored);
    if (r.action === 'rewrite') {
      write(r.stored);
      done.rewritten++;
    } else if (r.action === 'drop') {
      write('');
      done.dropped++;
    }
  };
  const secret = prepared<string>(db, `SELECT secret FROM ehr_connection WHERE id = 1`).pluck().get();
  if (secret !== undefined) review(secret, (s) => prepared(db, `UPDATE ehr_connection SET secret = ? WHERE id = 1`).run(s));
  const key = prepared<string>(db, `SELECT private_jwk FROM ehr_client_key WHERE id = 1`).pluck().get();
  if (key !== undefined) {
    review(key, (s) => {
      // A key this computer cannot unwrap cannot sign: it goes, and a new one is made and registered.
      if (s === '') prepared(db, `DELETE FROM ehr_client_key`).run();
      else prepared(db, `UPDATE ehr_client_key SET private_jwk = ? WHERE id = 1`).run(s);
    });
  }
  return done;
}

// ── The desk's signing key (SMART Backend Services) ──────────────────────────

export function readClientKey(db: ReadDb): ClientKey | null {
  const row = prepared<{ keyId: string; publicJwk: string; privateJwk: string }>(
    db,
    `SELECT key_id AS keyId, public_jwk AS publicJwk, private_jwk AS privateJwk FROM ehr_client_key WHERE id = 1`,
  ).get();
  if (!row) return null;
  return { keyId: row.keyId, publicJwk: JSON.parse(row.publicJwk) as ClientKey['publicJwk'], privateJwk: JSON.parse(unwrapSecret(db, row.privateJwk)) as ClientKey['privateJwk'] };
}

export function writeClientKey(db: WriteDb, key: ClientKey, now: number): void {
  prepared(
    db,
    `INSERT INTO ehr_client_key (id, key_id, public_jwk, private_jwk, created_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, public_jwk = excluded.public_jwk, private_jwk = excluded.private_jwk, created_at = excluded.created_at`,
  ).run(key.keyId, JSON.stringify(key.publicJwk), wrapSecret(db, JSON.stringify(key.privateJwk)), now);
}

export function credentialsOf(db: ReadDb, c: Pick<StoredEhrConnection, 'authKind' | 'clientId' | 'tokenUrl' | 'scope' | 'username' | 'secret'>): EhrCredentials {
  switch (c.authKind) {
    case 'smart':
      return { kind: 'smart', clientId: c.clientId, tokenUrl: c.tokenUrl, scope: c.scope, key: readClientKey(db) };
    case 'bearer':
      return { kind: 'bearer', token: c.secret };
    case 'basic':
      return { kind: 'basic', username: c.username, password: c.secret };
  }
}

// ── Mappings ─────────────────────────────────────────────────────────────────

export interface Mapping {
  reference: string;
  system: string;
  code: string;
  display: string;
}

export function readMapping(db: ReadDb, kind: EhrMappingKind | 'patient', localId: string): Mapping | null {
  return (
    prepared<Mapping>(db, `SELECT reference, system, code, display FROM ehr_mappings WHERE kind = ? AND local_id = ?`).get(kind, localId) ?? null
  );
}

export function readMappings(db: ReadDb, kind: EhrMappingKind | 'patient'): Map<string, Mapping> {
  const rows = prepared<Mapping & { localId: string }>(db, `SELECT local_id AS localId, reference, system, code, display FROM ehr_mappings WHERE kind = ?`).all(kind);
  return new Map(rows.map((r) => [r.localId, { reference: r.reference, system: r.system, code: r.code, display: r.display }]));
}

/** Writes (or with null removes) a mapping; visits that waited for a mapping are tried again. */
export function writeMapping(db: WriteDb, kind: EhrMappingKind | 'patient', localId: string, target: Mapping | null, now: number): void {
  if (target) {
    prepared(
      db,
      `INSERT INTO ehr_mappings (kind, local_id, reference, system, code, display, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, local_id) DO UPDATE SET reference = excluded.reference, system = excluded.system, code = excluded.code,
         display = excluded.display, updated_at = excluded.updated_at`,
    ).run(kind, localId, target.reference, target.system, target.code, target.display, now);
  } else {
    prepared(db, `DELETE FROM ehr_mappings WHERE kind = ? AND local_id = ?`).run(kind, localId);
  }
  if (kind === 'patient') return;
  prepared(db, `UPDATE ehr_push_queue SET state = 'pending', attempts = 0, last_error = NULL WHERE state = 'needs-mapping'`).run();
  // A changed mapping changes the Appointments already sent with it.
  const column = { provider: 'provider_id', location: 'location_id', room: 'room_id', type: 'type_id' }[kind];
  prepared(
    db,
    `INSERT INTO ehr_push_queue (appointment_id)
       SELECT e.appointment_id FROM ehr_appointments e JOIN appointments a ON a.id = e.appointment_id
        WHERE a.${column} = ? AND e.appointment_id NOT IN (SELECT appointment_id FROM ehr_push_queue)`,
  ).run(localId);
}

/** Local patient linked to an EHR Patient reference, if any. */
export function patientOfReference(db: ReadDb, reference: string): string | null {
  return prepared<string>(db, `SELECT local_id FROM ehr_mappings WHERE kind = 'patient' AND reference = ?`).pluck().get(reference) ?? null;
}

// ── The push queue ───────────────────────────────────────────────────────────

/**
 * Queues visits inserted since the last look (call in a write transaction).
 * Only visits that end after now − 1 day are queued. Returns whether there may be more.
 */
export function scanNewVisits(db: WriteDb, now: number, limit: number): boolean {
  return scanNewVisitRows(db, SCAN_AFTER_KEY, limit, (rows) => {
    const enqueue = prepared(db, `INSERT INTO ehr_push_queue (appointment_id) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM ehr_push_queue WHERE appointment_id = ?)`);
    for (const r of rows) if (r.endAt >= now - PUSH_HORIZON_MS) enqueue.run(r.id, r.id);
  });
}

export interface QueuedVisit {
  seq: number;
  appointmentId: string;
  attempts: number;
}

/** Pending visits after `afterSeq`, oldest first (a pass walks the queue once). */
export function pendingVisits(db: ReadDb, afterSeq: number, limit: number): QueuedVisit[] {
  return prepared<QueuedVisit>(
    db,
    `SELECT rowid AS seq, appointment_id AS appointmentId, attempts FROM ehr_push_queue WHERE rowid > ? AND state = 'pending' ORDER BY rowid LIMIT ?`,
  ).all(afterSeq, limit);
}

export type QueueState = 'pending' | 'needs-mapping' | 'conflict' | 'attention';

export function setQueueState(db: WriteDb, appointmentId: string, state: QueueState, message: string | null, countAttempt = false): void {
  prepared(db, `UPDATE ehr_push_queue SET state = ?, last_error = ?, attempts = attempts + ? WHERE appointment_id = ?`).run(
    state,
    message,
    countAttempt ? 1 : 0,
    appointmentId,
  );
}

export function dropFromQueue(db: WriteDb, appointmentId: string): void {
  prepared(db, `DELETE FROM ehr_push_queue WHERE appointment_id = ?`).run(appointmentId);
}

/** A visit a person asked to send again (after a conflict or the 5 tries): pending, with fresh tries. */
export function requeue(db: WriteDb, appointmentId: string): boolean {
  return (
    prepared(db, `UPDATE ehr_push_queue SET state = 'pending', attempts = 0, last_error = NULL WHERE appointment_id = ? AND state IN ('conflict', 'attention')`).run(
      appointmentId,
    ).changes > 0
  );
}

export function queueCounts(db: ReadDb): Record<QueueState, number> {
  const out: Record<QueueState, number> = { pending: 0, 'needs-mapping': 0, conflict: 0, attention: 0 };
  for (const r of prepared<{ state: QueueState; n: number }>(db, `SELECT state, COUNT(*) AS n FROM ehr_push_queue GROUP BY state`).all()) out[r.state] = r.n;
  return out;
}

// ── What the EHR holds ───────────────────────────────────────────────────────

export interface Delivered {
  resourceId: string;
  versionId: string | null;
  fingerprint: string;
}

export function readDelivered(db: ReadDb, appointmentId: string): Delivered | null {
  return (
    prepared<Delivered>(db, `SELECT resource_id AS resourceId, version_id AS versionId, fingerprint FROM ehr_appointments WHERE appointment_id = ?`).get(
      appointmentId,
    ) ?? null
  );
}

export function recordDelivered(db: WriteDb, appointmentId: string, d: Delivered, endsAt: number, now: number): void {
  prepared(
    db,
    `INSERT INTO ehr_appointments (appointment_id, resource_id, version_id, fingerprint, ends_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (appointment_id) DO UPDATE SET resource_id = excluded.resource_id, version_id = excluded.version_id,
       fingerprint = excluded.fingerprint, ends_at = excluded.ends_at, delivered_at = excluded.delivered_at`,
  ).run(appointmentId, d.resourceId, d.versionId, d.fingerprint, endsAt, now);
}
