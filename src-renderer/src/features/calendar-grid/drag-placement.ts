import { instantOfWall } from '@shared/time';

/** What a drag needs of the grid's drawing: columns left to right (each on its own location's clock), scale and grid step. */
export interface DropGeometry {
  columns: ReadonlyArray<{ date: string; zone: string }>;
  colWidth: number;
  /** Pixels per minute. */
  ppm: number;
  /** Wall minute at the top of the canvas. */
  startMin: number;
  resolution: number;
}

export interface DropPlacement {
  columnIndex: number;
  /** Wall minute of the card's new start, on the grid step. */
  startMin: number;
  /** Its instant on the column's date; null when no column is there. */
  startAt: number | null;
}

/**
 * Where a card dragged to (x, y) on the canvas lands, held `grabMin` minutes below
 * its start: the column under the pointer, the start snapped to the grid step in
 * wall minutes, and the instant of that wall time on the column's date and clock. Wall
 * minutes, not elapsed ones: on a DST day a card dropped at 14:00 starts at 14:00,
 * and one dropped in the hour skipped by spring forward starts just after the jump.
 */
export function dropPlacement(geo: DropGeometry, x: number, y: number, grabMin: number): DropPlacement {
  const columnIndex = Math.min(geo.columns.length - 1, Math.max(0, Math.floor(x / geo.colWidth)));
  const raw = geo.startMin + y / geo.ppm - grabMin;
  const startMin = Math.round(raw / geo.resolution) * geo.resolution;
  const column = geo.columns[columnIndex];
  return { columnIndex, startMin, startAt: column ? instantOfWall(column.zone, column.date, startMin) : null };
}
