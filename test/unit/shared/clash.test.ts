import { describe, expect, it } from 'vitest';
import { clashCause, clashSentence, type AskedVisit, type StoredVisit } from '@shared/domain/clash';

const MIN = 60_000;
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h! * 60 + m!) * MIN;
};
const time = (t: number) => `${Math.floor(t / MIN / 60)}:${String((t / MIN) % 60).padStart(2, '0')}`;

/** A visit asked for from `start` to `end` with buffers (minutes). */
const asked = (start: string, end: string, before = 0, after = 0): AskedVisit => ({
  startAt: at(start),
  endAt: at(end),
  bufferBeforeMin: before,
  bufferAfterMin: after,
});
/** A stored visit with its busy span widened by its buffers. */
const stored = (start: string, end: string, before = 0, after = 0, typeName = 'Annual physical'): StoredVisit => ({
  startAt: at(start),
  endAt: at(end),
  busyStartAt: at(start) - before * MIN,
  busyEndAt: at(end) + after * MIN,
  typeName,
});
const say = (a: AskedVisit, o: StoredVisit) => clashSentence('Dr. Chen', clashCause(a, o), time);

describe('clash sentences name the rule and the visit in the way', () => {
  it('an overlap names the other visit and when it ends', () => {
    expect(say(asked('10:45', '11:15'), stored('10:30', '11:15'))).toBe('Dr. Chen already has the 10:30 Annual physical (until 11:15) at this time.');
  });

  it('the other visit’s clean-up, this visit’s preparation, or both', () => {
    expect(say(asked('11:15', '11:45'), stored('10:30', '11:15', 0, 5))).toBe('Dr. Chen needs 5 min clean-up after the 10:30 Annual physical.');
    expect(say(asked('11:15', '11:45', 10), stored('10:30', '11:15'))).toBe(
      'Dr. Chen needs 10 min preparation before this visit; the 10:30 Annual physical ends at 11:15.',
    );
    expect(say(asked('11:20', '11:45', 5), stored('10:30', '11:15', 0, 5))).toBe(
      'Dr. Chen needs 5 min clean-up after the 10:30 Annual physical and 5 min preparation before this visit.',
    );
  });

  it('a later visit: this visit’s clean-up, its preparation, or both', () => {
    expect(say(asked('10:00', '10:30', 0, 10), stored('10:35', '11:00', 0, 0, 'Filling'))).toBe(
      'Dr. Chen needs 10 min clean-up after this visit, before the 10:35 Filling.',
    );
    expect(say(asked('10:00', '10:30'), stored('10:30', '11:00', 5, 0, 'Filling'))).toBe('Dr. Chen needs 5 min preparation before the 10:30 Filling.');
    expect(say(asked('10:00', '10:30', 0, 10), stored('10:40', '11:00', 5, 0, 'Filling'))).toBe(
      'Dr. Chen needs 10 min clean-up after this visit and 5 min preparation before the 10:40 Filling.',
    );
  });
});
