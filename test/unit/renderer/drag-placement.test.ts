import { describe, expect, it } from 'vitest';
import { dropPlacement, type DropGeometry } from '@renderer/features/calendar-grid/drag-placement';

/** A week of one provider in New York from Saturday 2025-03-08 (spring forward on Sunday 03-09), 2 px a minute from 00:00. */
const week: DropGeometry = {
  columns: ['2025-03-08', '2025-03-09', '2025-03-10'].map((date) => ({ date, zone: 'America/New_York' })),
  colWidth: 100,
  ppm: 2,
  startMin: 0,
  resolution: 15,
};
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return (h * 60 + m) * week.ppm;
};

describe('where a dragged card lands', () => {
  it('snaps to the grid step in wall minutes of the column under the pointer', () => {
    expect(dropPlacement(week, 50, at('10:07'), 0)).toEqual({ columnIndex: 0, startMin: 600, startAt: Date.UTC(2025, 2, 8, 15, 0) });
    // Held 20 minutes below its start: the start is 20 minutes above the pointer.
    expect(dropPlacement(week, 250, at('10:50'), 20)).toMatchObject({ columnIndex: 2, startMin: 630 });
  });

  it('keeps the wall time on a DST day: 14:00 on the short Sunday is 18:00 UTC, not 19:00', () => {
    expect(dropPlacement(week, 150, at('14:00'), 0)).toEqual({ columnIndex: 1, startMin: 840, startAt: Date.UTC(2025, 2, 9, 18, 0) });
    expect(dropPlacement(week, 50, at('14:00'), 0).startAt).toBe(Date.UTC(2025, 2, 8, 19, 0));
  });

  it('moves a drop into the hour spring forward skips to just after the jump', () => {
    expect(dropPlacement(week, 150, at('02:30'), 0)).toEqual({ columnIndex: 1, startMin: 150, startAt: Date.UTC(2025, 2, 9, 7, 30) });
  });

  it('puts a drop on the repeated hour of fall back at its first occurrence', () => {
    const fallBack = { ...week, columns: [{ date: '2025-11-02', zone: 'America/New_York' }] };
    expect(dropPlacement(fallBack, 10, at('01:30'), 0).startAt).toBe(Date.UTC(2025, 10, 2, 5, 30));
  });

  it('reads the drop on the clock of the column’s location: 9:15 in a Chicago column is 9:15 in Chicago', () => {
    const twoSites: DropGeometry = {
      ...week,
      columns: [
        { date: '2026-12-09', zone: 'America/New_York' },
        { date: '2026-12-09', zone: 'America/Chicago' },
      ],
    };
    expect(dropPlacement(twoSites, 50, at('09:15'), 0).startAt).toBe(Date.UTC(2026, 11, 9, 14, 15));
    expect(dropPlacement(twoSites, 150, at('09:15'), 0).startAt).toBe(Date.UTC(2026, 11, 9, 15, 15));
  });

  it('keeps to the grid’s columns at its edges', () => {
    expect(dropPlacement(week, -40, at('09:00'), 0).columnIndex).toBe(0);
    expect(dropPlacement(week, 900, at('09:00'), 0).columnIndex).toBe(2);
    expect(dropPlacement({ ...week, columns: [] }, 10, at('09:00'), 0).startAt).toBeNull();
  });
});
