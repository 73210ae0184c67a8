import { describe, expect, it } from 'vitest';
import { keptWaiting, minutesText } from '@renderer/features/waiting-room/wait-time';

const MIN = 60_000;
const start = Date.UTC(2025, 10, 24, 15, 0);

describe('waiting room: how long a patient is kept waiting', () => {
  it('counts from the visit’s start for an early arrival, so coming early is not flagged', () => {
    const v = { arrivedAt: start - 30 * MIN, startAt: start };
    expect(keptWaiting(v, start - 5 * MIN, 15)).toEqual({ ms: 0, overdue: false });
    expect(keptWaiting(v, start + 15 * MIN, 15)).toEqual({ ms: 15 * MIN, overdue: false });
    expect(keptWaiting(v, start + 16 * MIN, 15)).toEqual({ ms: 16 * MIN, overdue: true });
  });

  it('counts from arrival for a late arrival', () => {
    const v = { arrivedAt: start + 20 * MIN, startAt: start };
    expect(keptWaiting(v, start + 30 * MIN, 15).overdue).toBe(false);
    expect(keptWaiting(v, start + 36 * MIN, 15)).toEqual({ ms: 16 * MIN, overdue: true });
    expect(keptWaiting(v, start + 36 * MIN, 30).overdue).toBe(false);
  });

  it('says minutes in words, hours past the first', () => {
    expect(minutesText(59_999)).toBe('0 min');
    expect(minutesText(14 * MIN + 30_000)).toBe('14 min');
    expect(minutesText(65 * MIN)).toBe('1 h 5 min');
    expect(minutesText(-MIN)).toBe('0 min');
  });
});
