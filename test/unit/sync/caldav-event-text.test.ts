import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bookingReference } from '@main/core/exports/rows';
import { eventFingerprint, eventUid, visitEventIcs } from '@main/sync/adapters/caldav/event-text';

/**
 * The event a provider's calendar gets is built only from the visit's id and
 * times, so it cannot carry a patient's name, the type, a note or a phone
 * number; this checks the text itself says only what it should.
 */
describe('the neutral calendar event of a visit', () => {
  const visit = { id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', startAt: Date.UTC(2025, 2, 3, 15, 0), endAt: Date.UTC(2025, 2, 3, 15, 30) };
  const ics = visitEventIcs(visit, Date.UTC(2025, 2, 1));
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent')!);

  it('says "Appointment", the booking reference and the time, with a UID made from the visit id', () => {
    expect(event.summary).toBe('Appointment');
    expect(event.description).toBe(`Booking reference ${bookingReference(visit.id)}`);
    expect(event.uid).toBe(eventUid(visit.id));
    expect(event.startDate.toUnixTime() * 1000).toBe(visit.startAt);
    expect(event.endDate.toUnixTime() * 1000).toBe(visit.endAt);
  });

  it('has no other human-readable property (no location, attendee, organizer, categories or comment)', () => {
    const names = event.component.getAllProperties().map((p) => p.name).sort();
    expect(names).toEqual(['description', 'dtend', 'dtstamp', 'dtstart', 'sequence', 'status', 'summary', 'uid', 'x-frontdesk-reference', 'x-microsoft-cdo-busystatus'].sort());
  });

  it('is the same text for the same visit (a repeated PUT changes nothing) and its fingerprint follows the times', () => {
    expect(visitEventIcs(visit, Date.UTC(2025, 2, 1))).toBe(ics);
    expect(eventFingerprint(visit)).not.toBe(eventFingerprint({ ...visit, startAt: visit.startAt + 60_000 }));
  });
});
