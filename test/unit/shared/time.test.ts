import { describe, expect, it } from 'vitest';
import { addDays, instantOfWall, isValidLocalDate, localDateIn, timeFormatter, wallMinutesOn } from '@shared/time';

describe('local dates for the day navigation', () => {
  it('counts "today" in the clinic zone, not the browser’s', () => {
    const lateEveningInNewYork = Date.UTC(2025, 10, 25, 3, 30); // 22:30 on the 24th in New York
    expect(localDateIn('America/New_York', lateEveningInNewYork)).toBe('2025-11-24');
    expect(localDateIn('Europe/Berlin', lateEveningInNewYork)).toBe('2025-11-25');
  });

  it('steps whole calendar days, across DST changes and month and year ends', () => {
    expect(addDays('2025-03-08', 1)).toBe('2025-03-09');
    expect(addDays('2025-03-09', 1)).toBe('2025-03-10');
    expect(addDays('2025-11-02', -1)).toBe('2025-11-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('accepts only real dates', () => {
    expect(isValidLocalDate('2025-11-24')).toBe(true);
    expect(isValidLocalDate('2025-02-29')).toBe(false);
    expect(isValidLocalDate('24/11/2025')).toBe(false);
    expect(isValidLocalDate('')).toBe(false);
  });

  it('writes the date out in full', () => {
    expect(timeFormatter('12h').longDate('2025-11-24')).toBe('Monday, November 24, 2025');
    expect(timeFormatter('24h', 'DMY').longDate('2025-11-24')).toBe('Monday, 24 November 2025');
    expect(timeFormatter('12h').mediumDate('2025-11-24')).toBe('Mon, Nov 24, 2025');
    expect(timeFormatter('24h', 'DMY').mediumDate('2025-11-24')).toBe('Mon, 24 Nov 2025');
  });
});

describe('wall time in a zone', () => {
  const NY = 'America/New_York';

  it('turns wall minutes into instants and back on ordinary and DST days', () => {
    expect(instantOfWall(NY, '2025-03-08', 9 * 60)).toBe(Date.UTC(2025, 2, 8, 14, 0)); // EST
    expect(instantOfWall(NY, '2025-03-09', 9 * 60)).toBe(Date.UTC(2025, 2, 9, 13, 0)); // EDT from 02:00 that night
    expect(wallMinutesOn(NY, '2025-03-09', Date.UTC(2025, 2, 9, 13, 0))).toBe(9 * 60);
    expect(instantOfWall(NY, '2025-11-02', 17 * 60)).toBe(Date.UTC(2025, 10, 2, 22, 0)); // EST again
    expect(wallMinutesOn(NY, '2025-11-02', Date.UTC(2025, 10, 2, 22, 0))).toBe(17 * 60);
  });

  it('puts a wall time skipped by spring forward just after the jump, and a repeated one at its first occurrence', () => {
    expect(instantOfWall(NY, '2025-03-09', 2 * 60 + 30)).toBe(Date.UTC(2025, 2, 9, 7, 30)); // 03:30 EDT
    expect(instantOfWall(NY, '2025-11-02', 60 + 30)).toBe(Date.UTC(2025, 10, 2, 5, 30)); // 01:30 EDT, not EST
  });

  it('counts minutes past midnight of another date (a week view column) by wall clock', () => {
    expect(wallMinutesOn(NY, '2025-03-08', Date.UTC(2025, 2, 9, 13, 0))).toBe(24 * 60 + 9 * 60);
  });
});

describe('times of day in the clinic’s format', () => {
  const t = Date.UTC(2025, 10, 25, 19, 5); // 14:05 in New York
  const twelve = timeFormatter('12h');
  const twentyFour = timeFormatter('24h');

  it('says the same time the same way on every screen, in 12 or 24 hours', () => {
    expect(twelve.time('America/New_York', t)).toBe('2:05 PM');
    expect(twentyFour.time('America/New_York', t)).toBe('14:05');
    expect(twelve.dateTime('America/New_York', t)).toBe('Tue, Nov 25, 2025, 2:05 PM');
    expect(twentyFour.dateTime('America/New_York', t)).toBe('Tue, Nov 25, 2025, 14:05');
    expect(twentyFour.shortDateTime('America/New_York', t)).toBe('Tue, Nov 25, 14:05');
    expect(twentyFour.weekdayTime('America/New_York', t)).toBe('Tue 14:05');
  });

  it('labels the grid’s hours and cards in the same format', () => {
    expect([twelve.wallMinute(9 * 60, false), twelve.wallMinute(13 * 60 + 15, true), twelve.wallMinute(13 * 60 + 15, false)]).toEqual(['9 AM', '1:15', '']);
    expect([twentyFour.wallMinute(9 * 60, false), twentyFour.wallMinute(13 * 60 + 15, true)]).toEqual(['09:00', '13:15']);
    expect([twelve.clock(13 * 60 + 30), twentyFour.clock(13 * 60 + 30), twentyFour.clock(-30)]).toEqual(['1:30', '13:30', '23:30']);
  });
});

describe('dates in the clinic’s date order, zones named when the clinic spans zones', () => {
  const t = Date.UTC(2026, 11, 9, 15, 15); // 9:15 in Chicago, 10:15 in New York
  const us = timeFormatter('12h', 'MDY', true);
  const dayFirst = timeFormatter('24h', 'DMY', false);

  it('writes a birth date, a column heading and a numeric date in one order', () => {
    expect([us.date('1980-11-09'), us.shortDate('2026-12-09'), us.numericDate('1980-11-09')]).toEqual(['Nov 9, 1980', 'Wed, Dec 9', '11/9/1980']);
    expect([dayFirst.date('1980-11-09'), dayFirst.shortDate('2026-12-09'), dayFirst.numericDate('1980-11-09')]).toEqual(['9 Nov 1980', 'Wed 9 Dec', '09/11/1980']);
  });

  it('keeps AM/PM or 24 hours whatever the date order', () => {
    expect(timeFormatter('12h', 'DMY').dateTime('America/Chicago', t)).toBe('Wed, 9 Dec 2026, 9:15 AM');
    expect(dayFirst.shortDateTime('America/Chicago', t)).toBe('Wed 9 Dec, 09:15');
    expect(dayFirst.longDay('America/Chicago', t)).toBe('Wednesday, 9 December 2026');
    expect([us.wallTime(9 * 60), us.wallTime(17 * 60 + 30), dayFirst.wallTime(9 * 60)]).toEqual(['9:00 AM', '5:30 PM', '09:00']);
  });

  it('names the zone of each time only when the clinic has more than one', () => {
    expect(us.timeAt('America/Chicago', t)).toBe('9:15 AM CST');
    expect(us.timeAt('America/New_York', t)).toBe('10:15 AM EST');
    expect(us.span('America/Chicago', t, t + 45 * 60_000)).toBe('9:15 AM–10:00 AM CST');
    expect(us.when('America/Chicago', t)).toBe('Wed, Dec 9, 2026, 9:15 AM CST');
    expect(dayFirst.timeAt('America/Chicago', t)).toBe('09:15');
  });
});
