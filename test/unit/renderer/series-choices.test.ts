import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { AppointmentId, EpochMs } from '@shared/domain/ids';
import type { SeriesDto, SeriesMoveCheckDto } from '@shared/domain/waitlist';
import { exceptionsOf, followingOf, initialChoices, movingCount } from '@renderer/features/booking/series-change';
import { describeRule, positionOf } from '@renderer/features/series/series-words';

const ZONE = 'America/Chicago';
const DAY = 86_400_000;
const first = Date.UTC(2026, 0, 13, 16, 0); // Tue Jan 13 2026, 10:00 in Chicago
const id = (n: number) => `a${n}` as AppointmentId;

function series(statuses: AppointmentStatus[], over: Partial<SeriesDto> = {}): SeriesDto {
  return {
    frequency: 'weekly',
    interval: 2,
    monthlyBy: null,
    count: statuses.length,
    untilDate: null,
    firstStartAt: first as EpochMs,
    occurrences: statuses.map((status, i) => ({ occurrence: i + 1, appointmentId: id(i + 1), startAt: (first + i * 14 * DAY) as EpochMs, status })),
    ...over,
  } as SeriesDto;
}
const date = (d: string) => d;

describe('a visit of a series: where it stands and how the rule reads', () => {
  it('"Visit 3 of 6 · every 2 weeks until <last visit>"', () => {
    const s = series(['completed', 'completed', 'booked', 'booked', 'booked', 'booked']);
    expect(positionOf(s, id(3))).toEqual({ at: 3, of: 6 });
    expect(positionOf(s, id(9))).toBeNull();
    expect(describeRule(s, ZONE, date)).toBe('every 2 weeks until 2026-03-24');
    expect(describeRule({ ...s, interval: 1, untilDate: '2026-04-30' }, ZONE, date)).toBe('every week until 2026-04-30');
  });

  it('monthly on the same weekday (the 5th week reads as the last) or on the same date', () => {
    const s = series(['booked', 'booked'], { frequency: 'monthly', interval: 1, monthlyBy: 'weekday' });
    expect(describeRule(s, ZONE, date)).toMatch(/^every month on the 2nd Tuesday until /);
    const fifth = { ...s, firstStartAt: Date.UTC(2026, 0, 30, 16, 0) as EpochMs, interval: 2 };
    expect(describeRule(fifth, ZONE, date)).toMatch(/^every 2 months on the last Friday /);
    expect(describeRule({ ...s, monthlyBy: 'date', firstStartAt: Date.UTC(2026, 0, 31, 16, 0) as EpochMs }, ZONE, date)).toMatch(/^every month on the 31st /);
    expect(describeRule({ ...s, monthlyBy: 'date', firstStartAt: Date.UTC(2026, 0, 22, 16, 0) as EpochMs }, ZONE, date)).toMatch(/ on the 22nd /);
    expect(describeRule({ ...s, monthlyBy: 'date', firstStartAt: Date.UTC(2026, 0, 12, 16, 0) as EpochMs }, ZONE, date)).toMatch(/ on the 12th /);
  });
});

describe('"This and the following": which visits it reaches', () => {
  it('this visit and the later ones still ahead; cancelled, arrived and earlier ones are left alone', () => {
    const s = series(['completed', 'booked', 'confirmed', 'cancelled', 'checked_in', 'booked']);
    expect(followingOf(s, id(2)).map((o) => o.appointmentId)).toEqual([id(2), id(3), id(6)]);
    expect(followingOf(s, id(3)).map((o) => o.appointmentId)).toEqual([id(3), id(6)]);
  });

  it('asks nothing outside a series or for the last visit still ahead', () => {
    const s = series(['booked', 'booked', 'cancelled']);
    expect(followingOf(null, id(1))).toEqual([]);
    expect(followingOf(s, id(2))).toEqual([]);
  });
});

describe('a checked move: the desk’s choices for the visits that cannot follow', () => {
  const visit = (n: number, free: boolean) => ({
    appointmentId: id(n),
    occurrence: n,
    fromStartAt: (first + n * 7 * DAY) as EpochMs,
    startAt: (first + n * 7 * DAY + DAY) as EpochMs,
    endAt: (first + n * 7 * DAY + DAY + 1_800_000) as EpochMs,
    free,
    problem: free ? null : { code: 'SLOT_TAKEN', message: 'Taken.' },
    alternatives: [],
  });
  const check: SeriesMoveCheckDto = { zone: ZONE, visits: [visit(4, true), visit(5, false), visit(6, true)] };

  it('free visits follow the step; a taken one stays where it is until the desk picks a time', () => {
    const choices = initialChoices(check);
    expect(choices).toEqual({ [id(4)]: check.visits[0]!.startAt, [id(5)]: null, [id(6)]: check.visits[2]!.startAt });
    expect(movingCount(check, choices)).toBe(2);
    expect(exceptionsOf(check, choices)).toEqual([{ appointmentId: id(5), skip: true }]);
  });

  it('a nearby time chosen for the taken visit moves it there; leaving a free one where it is skips it', () => {
    const alt = (check.visits[1]!.startAt + 3_600_000) as EpochMs;
    const choices = { ...initialChoices(check), [id(5)]: alt, [id(6)]: null };
    expect(movingCount(check, choices)).toBe(2);
    expect(exceptionsOf(check, choices)).toEqual([
      { appointmentId: id(5), startAt: alt },
      { appointmentId: id(6), skip: true },
    ]);
  });
});
