import { addDays, instantOfWall, wallMinutesOn, zoneAbbreviation } from '@shared/time';
import type { GridColumn, GridGroup } from './layout';

/**
 * The grid's clocks. Each location's columns are drawn on that location's wall
 * clock, so one time gutter serves them all; what changes with the zone is the
 * gutter's heading, each location's heading and where "now" is.
 */

/** The instants to read for local dates shown on several clocks: from the earliest first midnight to the latest last one. */
export function spanOfDates(zones: readonly string[], first: string, last: string): { from: number; to: number } {
  const next = addDays(last, 1);
  return { from: Math.min(...zones.map((z) => instantOfWall(z, first, 0))), to: Math.max(...zones.map((z) => instantOfWall(z, next, 0))) };
}

/** The gutter's heading: the one zone's name, or "Local" when the columns shown read different clocks. */
export function gutterClock(groups: readonly GridGroup[], fallbackZone: string, t: number): { text: string; title: string } {
  const zones = [...new Set(groups.map((g) => g.zone))];
  if (zones.length > 1) return { text: 'Local', title: 'Each location’s columns show the time at that location' };
  const zone = zones[0] ?? fallbackZone;
  return { text: zoneAbbreviation(zone, t), title: `Times in ${zone.replace(/_/g, ' ')}` };
}

/** Whether the columns shown read more than one clock (then each location's heading names its zone). */
export const spansClocks = (groups: readonly GridGroup[]): boolean => new Set(groups.map((g) => g.zone)).size > 1;

/** "Central time (CST)": a location heading's zone, said in full in its title. */
export function zoneTitle(zone: string, t: number): string {
  const generic =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')
      ?.value ?? zone;
  return `${generic} (${zoneAbbreviation(zone, t)})`;
}

/** A stretch of the "now" line: wall minute and the columns it crosses (inclusive). */
export interface NowSegment {
  minute: number;
  first: number;
  last: number;
}

/** Where "now" is on each clock: across each location's columns at its own wall minute. */
export function nowSegments(columns: readonly GridColumn[], groups: readonly GridGroup[], now: number): NowSegment[] {
  const out: NowSegment[] = [];
  for (const { first, last } of groups) {
    const column = columns[first];
    if (!column) continue;
    const minute = wallMinutesOn(column.zone, column.date, now);
    if (minute >= 0 && minute < 1440) out.push({ minute, first, last });
  }
  return out;
}
