import { describe, expect, it } from 'vitest';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import type { GridColumn } from '@renderer/features/calendar-grid/layout';
import { openingCells } from '@renderer/features/calendar-grid/waitlist-cells';

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const rahman = 'p-rahman' as ProviderId;
const goldberg = 'p-goldberg' as ProviderId;
const manhattan = 'l-manhattan' as LocationId;
const chicago = 'l-chicago' as LocationId;

function column(over: Partial<GridColumn>): GridColumn {
  return {
    key: `${over.providerId}:${over.locationId}:${over.date ?? '2025-11-24'}`,
    kind: 'provider',
    label: '',
    colour: null,
    groupKey: '',
    groupLabel: '',
    date: '2025-11-24',
    providerId: null,
    roomId: null,
    locationId: null,
    zone: NY,
    open: [[480, 1020]],
    blocks: [],
    cards: [],
    markers: [],
    ...over,
  };
}

/** Monday 24 November 2025: New York is UTC−5, Chicago UTC−6. */
const utc = (hh: number, mm = 0, day = 24) => Date.UTC(2025, 10, day, hh, mm);
const opening = (over: Partial<Parameters<typeof openingCells>[0][number]>) => ({
  key: 'k',
  providerId: rahman,
  startAt: utc(15, 15),
  endAt: utc(16),
  firstStart: utc(15, 15),
  firstLocationId: manhattan,
  ...over,
});

const day = [
  column({ providerId: goldberg, locationId: manhattan }),
  column({ providerId: rahman, locationId: manhattan }),
  column({ providerId: rahman, locationId: chicago, zone: CHI }),
];

describe('where time that opened is drawn on the grid', () => {
  it('in the provider’s column, from the freed start to its end, the badge at the first fitting time, on that column’s clock', () => {
    expect(openingCells([opening({ firstStart: utc(15, 30) })], day, 0, 1440)).toEqual([
      { key: 'k', columnIndex: 1, startMin: 10 * 60 + 15, endMin: 11 * 60, badgeMin: 10 * 60 + 30 },
    ]);
    // The same provider at the Chicago location that day: that column, on Chicago's clock (9:15).
    expect(openingCells([opening({ firstLocationId: chicago })], day, 0, 1440)).toEqual([
      { key: 'k', columnIndex: 2, startMin: 9 * 60 + 15, endMin: 10 * 60, badgeMin: 9 * 60 + 15 },
    ]);
  });

  it('clips a long opening (a blockout removed) to the minutes the grid shows', () => {
    const cells = openingCells([opening({ startAt: utc(11), endAt: utc(23, 30), firstStart: utc(13) })], day, 7 * 60, 18 * 60);
    expect(cells).toEqual([{ key: 'k', columnIndex: 1, startMin: 7 * 60, endMin: 18 * 60, badgeMin: 8 * 60 }]);
  });

  it('leaves out an opening on another day, of a provider not shown, or of a location without their column (the banner names those)', () => {
    expect(openingCells([opening({ startAt: utc(15, 15, 25), endAt: utc(16, 0, 25), firstStart: utc(15, 15, 25) })], day, 0, 1440)).toEqual([]);
    expect(openingCells([opening({ providerId: 'p-other' as ProviderId })], day, 0, 1440)).toEqual([]);
    expect(openingCells([opening({})], [day[0]!, day[2]!], 0, 1440)).toEqual([]);
    // Rooms view: no provider columns at all.
    expect(openingCells([opening({})], [column({ kind: 'room', providerId: null, roomId: 'r1' as never, locationId: manhattan })], 0, 1440)).toEqual([]);
  });

  it('uses a provider’s column outside any location (not scheduled that day) when there is no column at the location', () => {
    const idle = [column({ providerId: rahman, locationId: null })];
    expect(openingCells([opening({})], idle, 0, 1440)).toMatchObject([{ columnIndex: 0, badgeMin: 10 * 60 + 15 }]);
  });

  it('places each of several openings, in the order given', () => {
    const cells = openingCells([opening({ key: 'a' }), opening({ key: 'b', providerId: goldberg, startAt: utc(14), endAt: utc(14, 30), firstStart: utc(14) })], day, 0, 1440);
    expect(cells.map((c) => [c.key, c.columnIndex, c.badgeMin])).toEqual([
      ['a', 1, 615],
      ['b', 0, 540],
    ]);
  });
});
