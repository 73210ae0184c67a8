import { describe, expect, it } from 'vitest';
import { addDays, formatLongDate, isValidLocalDate, localDateIn } from '../../../src-renderer/src/lib/local-date';

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
    expect(formatLongDate('2025-11-24', 'en-US')).toBe('Monday, November 24, 2025');
  });
});
