import { ICalCalendar, ICalEventBusyStatus, ICalEventStatus } from 'ical-generator';
import { bookingReference } from '@main/core/exports/rows';

/**
 * The event a provider's own calendar gets for one visit:
 * neutral on purpose. It says "Appointment", the booking reference and the
 * time — never the patient, the type, the reason, a note or a phone number —
 * because it leaves the clinic for a server the clinic does not control.
 */

/** Every UID we write ends so; the puller skips such events (they are our own visits, not busy time). */
export const OWN_UID_SUFFIX = '@frontdesk';

const EVENT_SUMMARY = 'Appointment';

/** What the event of a visit depends on; nothing else of the visit reaches it. */
export interface PushedVisit {
  id: string;
  startAt: number;
  endAt: number;
}

export const eventUid = (appointmentId: string): string => `${appointmentId}${OWN_UID_SUFFIX}`;

/** The object's name in the collection: one per visit, so a repeated PUT replaces it (idempotent). */
export const eventFileName = (appointmentId: string): string => `frontdesk-${appointmentId}.ics`;

/** Changes exactly when the event's text would (bookkeeping compares it with what was delivered). */
export function eventFingerprint(v: PushedVisit): string {
  return `${v.startAt}/${v.endAt}`;
}

/**
 * The iCalendar object for a visit, times in UTC (no zone data to get
 * wrong; every calendar shows them in its own zone). `stamp` is DTSTAMP.
 */
export function visitEventIcs(v: PushedVisit, stamp: number): string {
  const cal = new ICalCalendar({ prodId: { company: 'Frontdesk', product: 'Provider calendar' } });
  const ref = bookingReference(v.id);
  cal.createEvent({
    id: eventUid(v.id),
    start: new Date(v.startAt),
    end: new Date(v.endAt),
    stamp: new Date(stamp),
    summary: EVENT_SUMMARY,
    description: `Booking reference ${ref}`,
    status: ICalEventStatus.CONFIRMED,
    busystatus: ICalEventBusyStatus.BUSY,
    x: { 'X-FRONTDESK-REFERENCE': ref },
  });
  return cal.toString();
}
