/**
 * A sorted, merged copy of half-open numeric ranges [start, end): overlapping and
 * touching ranges join, empty ones drop out. Used for wall-minute opening hours in
 * the slot engine and for open time drawn on the grid.
 */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else if (e > s) merged.push([s, e]);
  }
  return merged;
}
