import type { WaitlistOpening } from '@shared/domain/waitlist';
import { wallMinutesOn } from '@shared/time';
import type { GridColumn } from './layout';

/** Where on the grid a time that opened is drawn: its provider's column, in wall minutes of that column's clock. */
export interface OpeningCell {
  key: string;
  columnIndex: number;
  /** The opened time, clipped to the minutes the grid shows. */
  startMin: number;
  endMin: number;
  /** The first time a waitlist entry fits: where the badge sits. */
  badgeMin: number;
}

type Placeable = Pick<WaitlistOpening, 'providerId' | 'startAt' | 'endAt' | 'firstStart' | 'firstLocationId'> & { key: string };

/**
 * The freed cells of the openings among the grid's columns: the provider's
 * column at the location of the first fitting time (a provider working two
 * locations that day has a column at each), on the day that time falls on.
 * Openings with no such column on screen (another day, a hidden provider, the
 * rooms view) are left out, and the banner names them instead.
 */
export function openingCells(openings: readonly Placeable[], columns: readonly GridColumn[], startMin: number, endMin: number): OpeningCell[] {
  const out: OpeningCell[] = [];
  for (const o of openings) {
    const candidates = columns
      .map((column, columnIndex) => ({ column, columnIndex }))
      .filter(({ column }) => column.kind === 'provider' && column.providerId === o.providerId);
    const at =
      candidates.find(({ column }) => column.locationId === o.firstLocationId) ?? candidates.find(({ column }) => column.locationId === null);
    if (!at) continue;
    const { column, columnIndex } = at;
    const minute = (t: number) => wallMinutesOn(column.zone, column.date, t);
    const badge = minute(o.firstStart);
    if (badge < startMin || badge >= endMin) continue;
    const clip = (m: number) => Math.min(endMin, Math.max(startMin, m));
    out.push({ key: o.key, columnIndex, startMin: clip(minute(o.startAt)), endMin: clip(minute(o.endAt)), badgeMin: badge });
  }
  return out;
}
