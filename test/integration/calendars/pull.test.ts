import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSlotsFor } from '@main/core/availability/service';
import { book } from '@main/core/booking';
import { busySource } from '@main/sync/adapters/caldav/store';
import { expectAppError } from '../../helpers/expect-error';
import { localInstant } from '../../helpers/clinic-fixture';
import { startRadicale, type TestRadicale } from '../../helpers/radicale';
import { calendarDesk, type CalendarDesk } from './calendar-desk';

/**
 * A provider's own calendar → external busy time, against a real Radicale:
 * single, recurring (with an EXDATE and a moved instance across the DST
 * change), all-day, transparent and cancelled events, other zones (with and
 * without a VTIMEZONE), and our own pushed visits. Then the slot engine no
 * longer offers those times and the booking guard refuses them (BLOCKED).
 *
 * "Now" is Monday 2025-03-03 08:00 in New York (the fixture); New York moves
 * to summer time on Sunday 2025-03-09.
 */
let radicale: TestRadicale;
let desk: CalendarDesk;

const VTIMEZONE_NY = `BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE`;

// A zone the calendar app names its own way: the VTIMEZONE decides, not the name.
const VTIMEZONE_BERLIN = `BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE`;

const cal = (...parts: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Provider//Own calendar//EN', ...parts, 'END:VCALENDAR', ''].join('\r\n').replace(/\r?\n/g, '\r\n');
const vevent = (uid: string, ...lines: string[]): string => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250301T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

const ny = (date: string, time: string) => localInstant(date, time);
const busyRows = () =>
  desk.fx.ctx.db
    .prepare(`SELECT start_at AS s, end_at AS e, source FROM external_busy WHERE provider_id = ? ORDER BY start_at`)
    .all(desk.fx.providers.smith.id) as Array<{ s: number; e: number; source: string }>;
const isBusy = (s: number, e: number) => busyRows().some((r) => r.s <= s && r.e >= e);
const overlapsBusy = (s: number, e: number) => busyRows().some((r) => r.s < e && r.e > s);

beforeAll(async () => {
  radicale = await startRadicale();
  desk = await calendarDesk(radicale);
  const put = (name: string, ics: string) => radicale.putEvent(desk.smithUrl, 'alice', name, ics);
  await put('single.ics', cal(VTIMEZONE_NY, vevent('single-1', 'DTSTART;TZID=America/New_York:20250303T140000', 'DTEND;TZID=America/New_York:20250303T150000', 'SUMMARY:Dentist (own)')));
  await put(
    'weekly.ics',
    cal(
      VTIMEZONE_NY,
      vevent('weekly-1', 'DTSTART;TZID=America/New_York:20250303T120000', 'DTEND;TZID=America/New_York:20250303T130000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=America/New_York:20250310T120000', 'SUMMARY:Board'),
      vevent('weekly-1', 'RECURRENCE-ID;TZID=America/New_York:20250317T120000', 'DTSTART;TZID=America/New_York:20250318T160000', 'DTEND;TZID=America/New_York:20250318T170000', 'SUMMARY:Board (moved)'),
    ),
  );
  await put('allday.ics', cal(vevent('allday-1', 'DTSTART;VALUE=DATE:20250305', 'DTEND;VALUE=DATE:20250306', 'SUMMARY:Conference')));
  await put('free.ics', cal(vevent('free-1', 'DTSTART:20250306T150000Z', 'DTEND:20250306T160000Z', 'TRANSP:TRANSPARENT', 'SUMMARY:Reminder only')));
  await put('cancelled.ics', cal(vevent('cancelled-1', 'DTSTART:20250306T170000Z', 'DTEND:20250306T180000Z', 'STATUS:CANCELLED', 'SUMMARY:Called off')));
  await put('berlin.ics', cal(VTIMEZONE_BERLIN, vevent('berlin-1', 'DTSTART;TZID=W. Europe Standard Time:20250307T150000', 'DTEND;TZID=W. Europe Standard Time:20250307T160000', 'SUMMARY:Call with Berlin')));
  await put('tokyo.ics', cal(vevent('tokyo-1', 'DTSTART;TZID=Asia/Tokyo:20250312T000000', 'DTEND;TZID=Asia/Tokyo:20250312T010000', 'SUMMARY:Call with Tokyo')));
  await put('mine.ics', cal(vevent('0193aaaa-0000-7000-8000-000000000001@frontdesk', 'DTSTART:20250306T190000Z', 'DTEND:20250306T200000Z', 'SUMMARY:Appointment')));
  await put('past.ics', cal(vevent('past-1', 'DTSTART:20250201T150000Z', 'DTEND:20250201T160000Z', 'SUMMARY:Long ago')));
  desk.engine.start();
  await desk.engine.cycle(5_000);
});

afterAll(async () => {
  await desk?.close();
  await radicale?.dispose();
});

describe('reading busy time from a provider’s calendar', () => {
  it('turns single, recurring, all-day and other-zone events into busy time, and only those', () => {
    const rows = busyRows();
    expect(rows.every((r) => r.source === busySource(desk.fx.providers.smith.id))).toBe(true);
    // Single, in New York time with its VTIMEZONE.
    expect(isBusy(ny('2025-03-03', '14:00'), ny('2025-03-03', '15:00'))).toBe(true);
    // Weekly Mondays 12:00 New York time: before and after the DST change, the 10th excluded, the 17th moved to the 18th 16:00.
    expect(isBusy(ny('2025-03-03', '12:00'), ny('2025-03-03', '13:00'))).toBe(true);
    expect(overlapsBusy(ny('2025-03-10', '00:00'), ny('2025-03-11', '00:00'))).toBe(false);
    expect(overlapsBusy(ny('2025-03-17', '12:00'), ny('2025-03-17', '13:00'))).toBe(false);
    expect(isBusy(ny('2025-03-18', '16:00'), ny('2025-03-18', '17:00'))).toBe(true);
    expect(isBusy(ny('2025-03-24', '12:00'), ny('2025-03-24', '13:00'))).toBe(true);
    expect(overlapsBusy(ny('2025-03-31', '00:00'), ny('2025-04-01', '00:00'))).toBe(false); // COUNT=4 ends on the 24th
    // All day on the 5th, in the provider's zone.
    expect(isBusy(ny('2025-03-05', '00:00'), ny('2025-03-06', '00:00'))).toBe(true);
    expect(overlapsBusy(ny('2025-03-06', '00:00'), ny('2025-03-06', '09:00'))).toBe(false);
    // Transparent, cancelled and our own pushed visit: not busy.
    expect(overlapsBusy(Date.UTC(2025, 2, 6, 15), Date.UTC(2025, 2, 6, 20))).toBe(false);
    // 15:00 in the VTIMEZONE named "W. Europe Standard Time" (UTC+1 in early March) is 14:00Z, 09:00 in New York.
    expect(isBusy(Date.UTC(2025, 2, 7, 14), Date.UTC(2025, 2, 7, 15))).toBe(true);
    // TZID Asia/Tokyo without a VTIMEZONE: read as the IANA zone (UTC+9).
    expect(isBusy(Date.UTC(2025, 2, 11, 15), Date.UTC(2025, 2, 11, 16))).toBe(true);
    // Nothing outside the window (now − 1 day … now + 8 weeks).
    expect(rows.every((r) => r.s >= ny('2025-03-02', '08:00'))).toBe(true);
    expect(rows).toHaveLength(7); // single, weekly ×3, all day, Berlin, Tokyo
  });

  it('keeps those times out of the slots and the booking guard refuses them (BLOCKED)', () => {
    const { fx } = desk;
    const { ctx } = fx;
    const result = findSlotsFor(ctx.db, ctx.clock, {
      typeId: fx.types.checkup.id,
      who: { kind: 'provider', providerId: fx.providers.smith.id },
      locationId: fx.main.id,
      fromDate: '2025-03-03',
      toDate: '2025-03-03',
    });
    const starts = result.slots.map((s) => s.start);
    expect(starts).toContain(ny('2025-03-03', '13:00'));
    expect(starts).not.toContain(ny('2025-03-03', '14:00'));
    expect(starts).not.toContain(ny('2025-03-03', '14:30'));
    expect(starts).toContain(ny('2025-03-03', '15:00'));
    expect(result.slots.every((s) => !overlapsBusy(s.start, s.end))).toBe(true);
    expectAppError(
      () => book(ctx, { patientId: fx.patients.ann, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: ny('2025-03-03', '14:30') }),
      'BLOCKED',
    );
  });

  it('follows the calendar: a deleted event frees its time at the next read, and the grid is told', async () => {
    const before = desk.busyChanged.length;
    const res = await fetch(new URL('single.ics', desk.smithUrl), {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`alice:${radicale.users.alice}`).toString('base64')}` },
    });
    expect(res.ok).toBe(true);
    desk.engine.refresh();
    await desk.engine.cycle(5_000);
    expect(overlapsBusy(ny('2025-03-03', '14:00'), ny('2025-03-03', '15:00'))).toBe(false);
    expect(desk.busyChanged.length).toBe(before + 1);
    // Reading an unchanged calendar again changes nothing and tells no one.
    desk.engine.refresh();
    await desk.engine.cycle(5_000);
    expect(desk.busyChanged.length).toBe(before + 1);
  });
});
