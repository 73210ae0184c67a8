import { RELEASED_STATUSES, type AppointmentStatus } from '@shared/domain/booking';
import type { ReadDb, WriteDb } from '@main/core/db/open';
import { prepared } from '@main/core/db/prepared';
import { reviewSecret, unwrapSecret, wrapSecret } from '@main/core/secrets/wrapped-secrets';
import type { BusyInterval } from './busy-time';
import { replaceExternalBusy } from '../../external-busy';
import { maxVisitRowid, scanNewVisitRows, writeScanAfter } from '../../new-visit-scan';
import type { CalendarConnection } from './client';
import { eventFileName, eventFingerprint } from './event-text';

/**
 * The CalDAV adapter's bookkeeping in the desk's database (migration 0010):
 * connections, what each calendar holds of our visits, the push queue the
 * triggers fill, and the providers' busy time in `external_busy`.
 */

const DAY_MS = 24 * 60 * 60_000;
/** Visits that ended longer ago than this are left as they are in the calendar. */
const PUSH_HORIZON_MS = DAY_MS;
/** Busy time is read for [now − 1 day, now + 8 weeks). */
export const PULL_BEHIND_MS = DAY_MS;
export const PULL_AHEAD_MS = 56 * DAY_MS;
/** After this many refusals of one visit it waits for a change of the visit or the connection. */
export const MAX_VISIT_ATTEMPTS = 5;

export interface StoredConnection extends CalendarConnection {
  providerId: string;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export const busySource = (providerId: string): string => `caldav:${providerId}`;

/** The collection address as stored and used: always ending with '/' (objects are resolved against it). */
export function collectionUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

const CONNECTION_COLUMNS = `provider_id AS providerId, url, username, password, last_push_at AS lastPushAt,
  last_pull_at AS lastPullAt, last_error AS lastError, last_error_at AS lastErrorAt`;

/** The password column holds the password wrapped by the OS keychain (core/secrets). */
const unwrapped = (db: ReadDb, row: StoredConnection): StoredConnection => ({ ...row, password: unwrapSecret(db, row.password) });

export function readConnections(db: ReadDb): StoredConnection[] {
  return prepared<StoredConnection>(db, `SELECT ${CONNECTION_COLUMNS} FROM provider_calendars ORDER BY provider_id`)
    .all()
    .map((row) => unwrapped(db, row));
}

export function readConnection(db: ReadDb, providerId: string): StoredConnection | null {
  const row = prepared<StoredConnection>(db, `SELECT ${CONNECTION_COLUMNS} FROM provider_calendars WHERE provider_id = ?`).get(providerId);
  return row ? unwrapped(db, row) : null;
}

/**
 * Calendar passwords after opening the database (core/secrets reviewSecret). One this
 * computer cannot unwrap becomes empty: the Sync section then asks for it again.
 */
export function reviewStoredCalendarSecrets(db: WriteDb): { rewritten: number; dropped: number } {
  const rows = prepared<{ providerId: string; password: string }>(db, `SELECT provider_id AS providerId, password FROM provider_calendars`).all();
  const update = prepared(db, `UPDATE provider_calendars SET password = ? WHERE provider_id = ?`);
  const done = { rewritten: 0, dropped: 0 };
  for (const r of rows) {
    if (r.password === '') continue;
    const review = reviewSecret(db, r.password);
    if (review.action === 'rewrite') {
      update.run(review.stored, r.providerId);
      done.rewritten++;
    } else if (review.action === 'drop') {
      update.run('', r.providerId);
      done.dropped++;
    }
  }
  return done;
}

export function hasConnections(db: ReadDb): boolean {
  return prepared<number>(db, `SELECT EXISTS (SELECT 1 FROM provider_calendars)`).pluck().get() === 1;
}

/**
 * Saves a provider's connection. A new calendar (or another address) gets
 * every visit of the provider from now − 1 day on: they are queued here, read
 * through the provider's busy-time index, and what an earlier calendar held is
 * forgotten (its events stay there; that server may be gone).
 */
export function writeConnection(db: WriteDb, providerId: string, conn: CalendarConnection, now: number): void {
  const before = readConnection(db, providerId);
  // The first calendar: new visits are looked for from here on (this provider's are queued below).
  if (!hasConnections(db)) writeScanAfter(db, SCAN_AFTER_KEY, maxVisitRowid(db));
  prepared(
    db,
    `INSERT INTO provider_calendars (provider_id, url, username, password, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider_id) DO UPDATE SET url = excluded.url, username = excluded.username,
       password = excluded.password, updated_at = excluded.updated_at, last_error = NULL, last_error_at = NULL`,
  ).run(providerId, conn.url, conn.username, wrapSecret(db, conn.password), now, now);
  if (before && before.url === conn.url) {
    // Same calendar, new credentials: visits it refused get another chance.
    prepared(
      db,
      `UPDATE calendar_push_queue SET attempts = 0, last_error = NULL
        WHERE appointment_id IN (SELECT id FROM appointments WHERE provider_id = ?)
           OR appointment_id IN (SELECT appointment_id FROM calendar_events WHERE provider_id = ?)`,
    ).run(providerId, providerId);
    return;
  }
  prepared(db, `DELETE FROM calendar_events WHERE provider_id = ?`).run(providerId);
  prepared(db, `DELETE FROM external_busy WHERE provider_id = ? AND source = ?`).run(providerId, busySource(providerId));
  // busy_start_at ≤ start_at < end_at: the provider's index bounds the scan; a visit is shorter than a day.
  prepared(
    db,
    `INSERT INTO calendar_push_queue (appointment_id)
       SELECT id FROM appointments
        WHERE provider_id = ? AND busy_start_at >= ? AND end_at >= ?
          AND id NOT IN (SELECT appointment_id FROM calendar_push_queue)`,
  ).run(providerId, now - PUSH_HORIZON_MS - DAY_MS, now - PUSH_HORIZON_MS);
}

/** Forgets a provider's calendar: its connection, bookkeeping and busy time (the events stay in that calendar). */
export function removeConnection(db: WriteDb, providerId: string): boolean {
  const removed = prepared(db, `DELETE FROM provider_calendars WHERE provider_id = ?`).run(providerId).changes > 0;
  prepared(db, `DELETE FROM calendar_events WHERE provider_id = ?`).run(providerId);
  prepared(db, `DELETE FROM external_busy WHERE provider_id = ? AND source = ?`).run(providerId, busySource(providerId));
  // Queue rows left for this provider's visits resolve to "nothing to do" on the next pass.
  if (!hasConnections(db)) {
    prepared(db, `DELETE FROM sync_state WHERE key = ?`).run(SCAN_AFTER_KEY);
    prepared(db, `DELETE FROM calendar_push_queue`).run();
  }
  return removed;
}

export function markContact(db: WriteDb, providerId: string, what: 'push' | 'pull', now: number): void {
  const column = what === 'push' ? 'last_push_at' : 'last_pull_at';
  prepared(db, `UPDATE provider_calendars SET ${column} = ?, last_error = NULL, last_error_at = NULL WHERE provider_id = ?`).run(now, providerId);
}

/** Notes a problem in plain words; `since` stays at the first failure of a run of them. */
export function markProblem(db: WriteDb, providerId: string, message: string, now: number): boolean {
  return (
    prepared(
      db,
      `UPDATE provider_calendars SET last_error = ?, last_error_at = COALESCE(last_error_at, ?)
        WHERE provider_id = ? AND last_error IS NOT ?`,
    ).run(message, now, providerId, message).changes > 0
  );
}

// ── The push queue ─────────────────────────────────────────────────────────

/** The last appointments rowid looked at for new visits (migration 0010). */
const SCAN_AFTER_KEY = 'calendarScanAfter';

/**
 * Queues visits inserted since the last look (call in a write transaction).
 * Only visits of connected providers that end after now − 1 day are queued.
 * Returns whether there may be more.
 */
export function scanNewVisits(db: WriteDb, now: number, limit: number): boolean {
  return scanNewVisitRows(db, SCAN_AFTER_KEY, limit, (rows) => {
    const connected = new Set(readConnections(db).map((c) => c.providerId));
    const enqueue = prepared(
      db,
      `INSERT INTO calendar_push_queue (appointment_id) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM calendar_push_queue WHERE appointment_id = ?)`,
    );
    for (const r of rows) {
      if (connected.has(r.providerId) && r.endAt >= now - PUSH_HORIZON_MS) enqueue.run(r.id, r.id);
    }
  });
}

export interface QueuedVisit {
  seq: number;
  appointmentId: string;
  attempts: number;
}

/** Queue rows still worth trying, oldest first, after `afterSeq` (a pass walks the queue once). */
export function queuedVisits(db: ReadDb, afterSeq: number, limit: number): QueuedVisit[] {
  return prepared<QueuedVisit>(
    db,
    `SELECT rowid AS seq, appointment_id AS appointmentId, attempts FROM calendar_push_queue
      WHERE rowid > ? AND attempts < ? ORDER BY rowid LIMIT ?`,
  ).all(afterSeq, MAX_VISIT_ATTEMPTS, limit);
}

interface VisitForPush {
  id: string;
  providerId: string;
  startAt: number;
  endAt: number;
  status: AppointmentStatus;
}

export interface DeliveredEvent {
  providerId: string;
  url: string;
  fingerprint: string;
}

/** What the calendars should hold for a visit: one event in its provider's calendar, or none. */
interface Target {
  providerId: string;
  url: string;
  fingerprint: string;
  visit: VisitForPush;
}

export type Desired = { kind: 'event'; target: Target } | { kind: 'none' } | { kind: 'leave' };

function readVisit(db: ReadDb, id: string): VisitForPush | null {
  return (
    prepared<VisitForPush>(
      db,
      `SELECT id, provider_id AS providerId, start_at AS startAt, end_at AS endAt, status FROM appointments WHERE id = ?`,
    ).get(id) ?? null
  );
}

export function readDelivered(db: ReadDb, id: string): DeliveredEvent | null {
  return (
    prepared<DeliveredEvent>(db, `SELECT provider_id AS providerId, url, fingerprint FROM calendar_events WHERE appointment_id = ?`).get(id) ??
    null
  );
}

const RELEASED: readonly string[] = RELEASED_STATUSES;

/**
 * The event a visit should have now: in its provider's calendar while it is
 * booked (confirmed, checked in…), none once cancelled, a no-show, deleted or
 * its provider has no calendar; visits long past are left alone.
 */
export function desiredFor(db: ReadDb, id: string, now: number): Desired {
  const visit = readVisit(db, id);
  if (!visit) return { kind: 'none' };
  if (visit.endAt < now - PUSH_HORIZON_MS) return { kind: 'leave' };
  if (RELEASED.includes(visit.status)) return { kind: 'none' };
  const conn = readConnection(db, visit.providerId);
  if (!conn) return { kind: 'none' };
  return {
    kind: 'event',
    target: { providerId: visit.providerId, url: new URL(eventFileName(visit.id), conn.url).href, fingerprint: eventFingerprint(visit), visit },
  };
}

const desiredKey = (d: Desired): string => (d.kind === 'event' ? `${d.target.providerId} ${d.target.url} ${d.target.fingerprint}` : d.kind);

/**
 * Bookkeeping after the calendars were brought in line with `done` (one
 * transaction): the event row says what the calendar holds now, and the queue
 * row goes only if the visit still wants exactly that (a change made while the
 * request was on the wire keeps it queued).
 */
export function recordDelivery(db: WriteDb, id: string, done: Desired, etag: string | null, now: number): void {
  if (done.kind === 'event') {
    const t = done.target;
    prepared(
      db,
      `INSERT INTO calendar_events (appointment_id, provider_id, url, fingerprint, etag, ends_at, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id) DO UPDATE SET provider_id = excluded.provider_id, url = excluded.url,
         fingerprint = excluded.fingerprint, etag = COALESCE(excluded.etag, calendar_events.etag), ends_at = excluded.ends_at, delivered_at = excluded.delivered_at`,
    ).run(id, t.providerId, t.url, t.fingerprint, etag, t.visit.endAt, now);
  } else if (done.kind === 'none') {
    prepared(db, `DELETE FROM calendar_events WHERE appointment_id = ?`).run(id);
  }
  if (desiredKey(desiredFor(db, id, now)) === desiredKey(done)) {
    prepared(db, `DELETE FROM calendar_push_queue WHERE appointment_id = ?`).run(id);
  }
}

export function recordVisitFailure(db: WriteDb, id: string, message: string): void {
  prepared(db, `UPDATE calendar_push_queue SET attempts = attempts + 1, last_error = ? WHERE appointment_id = ?`).run(message, id);
}

/** Event rows of visits long past: the calendar keeps them, we need not remember them. */
export function pruneDelivered(db: WriteDb, now: number): void {
  prepared(db, `DELETE FROM calendar_events WHERE ends_at < ?`).run(now - 30 * DAY_MS);
}

/** Per provider: visits waiting to reach (or leave) its calendar, and those it kept refusing. */
export function queueCounts(db: ReadDb): Map<string, { pending: number; refused: number; lastRefusal: string | null }> {
  const rows = prepared<{ providerId: string; attempts: number; lastError: string | null }>(
    db,
    `SELECT COALESCE(a.provider_id, e.provider_id) AS providerId, q.attempts, q.last_error AS lastError
       FROM calendar_push_queue q
       LEFT JOIN appointments a ON a.id = q.appointment_id
       LEFT JOIN calendar_events e ON e.appointment_id = q.appointment_id`,
  ).all();
  const out = new Map<string, { pending: number; refused: number; lastRefusal: string | null }>();
  for (const r of rows) {
    if (!r.providerId) continue;
    const c = out.get(r.providerId) ?? { pending: 0, refused: 0, lastRefusal: null };
    if (r.attempts >= MAX_VISIT_ATTEMPTS) {
      c.refused++;
      c.lastRefusal = r.lastError;
    } else c.pending++;
    out.set(r.providerId, c);
  }
  return out;
}

// ── Busy time ──────────────────────────────────────────────────────────────

/** Replaces a provider's busy time from their calendar (one transaction, by the caller); whether anything changed. */
export function replaceBusy(db: WriteDb, providerId: string, spans: readonly BusyInterval[]): boolean {
  return replaceExternalBusy(db, providerId, busySource(providerId), spans);
}
