import type { CoreContext } from '@main/core/context';
import { inWriteTransaction } from '@main/core/db/transaction';
import { CalendarFailure, deleteEvent, putEvent } from './client';
import { visitEventIcs } from './event-text';
import { desiredFor, markContact, readConnection, readDelivered, recordDelivery, recordVisitFailure } from './store';

/**
 * Brings the providers' calendars in line with one queued visit: delete the
 * event from a calendar that should no longer hold it (cancelled, no-show,
 * moved to another provider, deleted), PUT the event where it should be, then
 * record it and take the visit off the queue in one transaction.
 *
 * Every request is idempotent (PUT to the visit's own object name, DELETE of
 * a gone object counts as done), so a crash or a lost answer between the
 * request and the bookkeeping is repaired by doing it again.
 */
export interface PushOutcome {
  /** Providers whose calendar was written to (their "last pushed" moved). */
  touched: string[];
  /** A calendar that could not be reached or refused us: the visit waits, at no cost to it. */
  calendarFailure: { providerId: string; failure: CalendarFailure } | null;
  /** The server refused this visit's object itself. */
  visitFailure: CalendarFailure | null;
}

export async function pushVisit(ctx: CoreContext, appointmentId: string, signal: AbortSignal, blocked: (providerId: string) => boolean): Promise<PushOutcome | null> {
  const db = ctx.db;
  const now = ctx.clock.now();
  const desired = desiredFor(db, appointmentId, now);
  const delivered = readDelivered(db, appointmentId);
  const target = desired.kind === 'event' ? desired.target : null;
  const stale = delivered && desired.kind !== 'leave' && (!target || delivered.providerId !== target.providerId || delivered.url !== target.url);
  const needsPut = target && !(delivered && delivered.providerId === target.providerId && delivered.url === target.url && delivered.fingerprint === target.fingerprint);
  const staleConn = stale ? readConnection(db, delivered.providerId) : null;
  // A calendar that is backing off is not tried; the visit waits for it.
  if ((staleConn && blocked(staleConn.providerId)) || (needsPut && blocked(target.providerId))) return null;

  const touched: string[] = [];
  let etag: string | null = null;
  let calling: string | null = null; // whose calendar the request in flight went to
  try {
    if (stale && staleConn) {
      calling = staleConn.providerId;
      await deleteEvent(staleConn, delivered.url, signal);
      touched.push(staleConn.providerId);
    }
    if (needsPut) {
      const conn = readConnection(db, target.providerId);
      if (!conn) return null; // removed meanwhile; the next pass sees it
      calling = conn.providerId;
      etag = await putEvent(conn, target.url, visitEventIcs(target.visit, now), signal);
      touched.push(target.providerId);
    }
  } catch (e) {
    const failure = e instanceof CalendarFailure ? e : new CalendarFailure('unreachable', 'The calendar server cannot be reached right now.');
    if (failure.kind === 'rejected') {
      inWriteTransaction(db, () => recordVisitFailure(db, appointmentId, failure.message));
      return { touched, calendarFailure: null, visitFailure: failure };
    }
    return { touched, calendarFailure: { providerId: calling ?? '', failure }, visitFailure: null };
  }
  inWriteTransaction(db, () => {
    const at = ctx.clock.now();
    recordDelivery(db, appointmentId, desired, etag, at);
    for (const p of touched) markContact(db, p, 'push', at);
  });
  return { touched, calendarFailure: null, visitFailure: null };
}
