import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { busyTimeOf } from '@main/sync/adapters/caldav/busy-time';
import { mergeBusy as merge } from '@main/sync/external-busy';

/** The busy-time reader's edge cases, on iCalendar text (the Radicale round trip is in test/integration/calendars). */
const cal = (...events: string[][]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', ...events.flatMap((e) => ['BEGIN:VEVENT', 'DTSTAMP:20250101T000000Z', ...e, 'END:VEVENT']), 'END:VCALENDAR'].join('\r\n');
const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();
const window = { start: ny('2025-03-01T00:00'), end: ny('2025-03-31T00:00') };

describe('busy time from calendar objects', () => {
  it('takes an instance moved into the window from outside it, and drops one moved out', () => {
    const text = cal(
      ['UID:w', 'DTSTART:20250303T170000Z', 'DTEND:20250303T180000Z', 'RRULE:FREQ=WEEKLY;COUNT=8'],
      // The 7 April instance (outside) moved to 28 March (inside); the 10 March one moved to May (outside).
      ['UID:w', 'RECURRENCE-ID:20250407T170000Z', 'DTSTART:20250328T150000Z', 'DTEND:20250328T160000Z'],
      ['UID:w', 'RECURRENCE-ID:20250310T170000Z', 'DTSTART:20250512T150000Z', 'DTEND:20250512T160000Z'],
    );
    const spans = busyTimeOf([text], window, 'America/New_York');
    expect(spans.map((s) => new Date(s.start).toISOString())).toEqual([
      '2025-03-03T17:00:00.000Z',
      '2025-03-17T17:00:00.000Z',
      '2025-03-24T17:00:00.000Z',
      '2025-03-28T15:00:00.000Z',
    ]);
  });

  it('reads floating times and all-day dates in the provider’s zone, and DURATION instead of DTEND', () => {
    const text = cal(['UID:f', 'DTSTART:20250310T090000', 'DURATION:PT45M'], ['UID:d', 'DTSTART;VALUE=DATE:20250312']);
    const spans = busyTimeOf([text], window, 'America/Chicago');
    const chi = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Chicago' }).toMillis();
    expect(spans).toEqual([
      { start: chi('2025-03-10T09:00'), end: chi('2025-03-10T09:45') },
      { start: chi('2025-03-12T00:00'), end: chi('2025-03-13T00:00') },
    ]);
  });

  it('clips to the window, merges overlaps, and skips what it cannot read', () => {
    const text = cal(['UID:a', 'DTSTART:20250228T120000Z', 'DTEND:20250301T120000Z'], ['UID:b', 'DTSTART:20250301T100000Z', 'DTEND:20250301T140000Z']);
    const spans = busyTimeOf(['BEGIN:VCALENDAR\r\nnot a calendar', text], window, 'America/New_York');
    expect(spans).toEqual([{ start: window.start, end: Date.UTC(2025, 2, 1, 14) }]);
    expect(merge([{ start: 5, end: 6 }, { start: 1, end: 5 }])).toEqual([{ start: 1, end: 6 }]);
  });

  it('keeps the other objects’ busy time when one is malformed (a repeating event without a start)', () => {
    const broken = cal(['UID:broken', 'RRULE:FREQ=DAILY', 'DTEND:20250305T180000Z']);
    const good = cal(['UID:good', 'DTSTART:20250305T150000Z', 'DTEND:20250305T160000Z']);
    expect(busyTimeOf([broken, good], window, 'America/New_York')).toEqual([{ start: Date.UTC(2025, 2, 5, 15), end: Date.UTC(2025, 2, 5, 16) }]);
  });

  // An unbounded walk would hang here until the test times out; how fast the bounded one is belongs to benchmarks.
  it('does not walk an endless daily rule from long ago forever', () => {
    const text = cal(['UID:old', 'DTSTART:19900101T150000Z', 'DTEND:19900101T151500Z', 'RRULE:FREQ=DAILY']);
    const spans = busyTimeOf([text], window, 'America/New_York');
    expect(spans).toHaveLength(30);
  });
});
