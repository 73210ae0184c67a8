import { dateBaseUtc } from './local-date';

/**
 * Dates and times as the receptionist reads them. Instants are shown in the zone
 * of the place they happen (a location's IANA zone), never the browser's; times
 * of day follow the clinic's 12/24-hour setting everywhere (grid, dialogs, lists),
 * so one screen never says "14:30" where another says "2:30 PM".
 */
export type TimeFormat = '12h' | '24h';
export const TIME_FORMATS: readonly TimeFormat[] = ['12h', '24h'];

const cache = new Map<string, Intl.DateTimeFormat>();
function intl(zone: string, key: string, options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  const k = `${locale}|${zone}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options })));
  return f;
}

/** The formats that depend on the clinic's 12/24-hour setting. */
export interface TimeFormatter {
  readonly format: TimeFormat;
  /** "9:30 AM" / "9:30" */
  time(zone: string, t: number): string;
  /** "Mon 9:30 AM" */
  weekdayTime(zone: string, t: number): string;
  /** "Tue, Nov 25, 2025, 9:30 AM" */
  dateTime(zone: string, t: number): string;
  /** "Tue, Nov 25, 9:30 AM" */
  shortDateTime(zone: string, t: number): string;
  /** A wall minute of the day as a grid label: the hour ("9 AM" / "09:00"), and minutes when asked ("9:15"). */
  wallMinute(minute: number, withMinutes: boolean): string;
  /** A wall minute on a card, narrow: "1:30" (the grid's gutter says AM or PM) / "13:30". */
  clock(minute: number): string;
}

const timeParts = (format: TimeFormat): Intl.DateTimeFormatOptions => ({
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: format === '12h' ? 'h12' : 'h23',
});

function makeFormatter(format: TimeFormat): TimeFormatter {
  const parts = timeParts(format);
  // A day's cards start and end on a few dozen distinct times: format each once (Intl is slow).
  const times = new Map<string, string>();
  return {
    format,
    time(zone, t) {
      const key = `${zone}|${t}`;
      const hit = times.get(key);
      if (hit !== undefined) return hit;
      const text = intl(zone, `time-${format}`, parts).format(new Date(t));
      if (times.size > 20_000) times.clear();
      times.set(key, text);
      return text;
    },
    weekdayTime: (zone, t) => intl(zone, `weekday-time-${format}`, { weekday: 'short', ...parts }).format(new Date(t)),
    dateTime: (zone, t) =>
      intl(zone, `date-time-${format}`, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', ...parts }).format(new Date(t)),
    shortDateTime: (zone, t) => intl(zone, `short-date-time-${format}`, { weekday: 'short', month: 'short', day: 'numeric', ...parts }).format(new Date(t)),
    wallMinute(minute, withMinutes) {
      const h = Math.floor(minute / 60) % 24;
      const m = minute % 60;
      if (m !== 0 && !withMinutes) return '';
      if (format === '24h') return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      const h12 = h % 12 === 0 ? 12 : h % 12;
      return m === 0 ? `${h12} ${h < 12 ? 'AM' : 'PM'}` : `${h12}:${String(m).padStart(2, '0')}`;
    },
    clock(minute) {
      const m = ((Math.round(minute) % 1440) + 1440) % 1440;
      const h = Math.floor(m / 60);
      return `${format === '24h' ? String(h).padStart(2, '0') : h % 12 || 12}:${String(m % 60).padStart(2, '0')}`;
    },
  };
}

const formatters: Record<TimeFormat, TimeFormatter> = { '12h': makeFormatter('12h'), '24h': makeFormatter('24h') };
export const timeFormatter = (format: TimeFormat): TimeFormatter => formatters[format];

/** "Tue, Nov 25" */
export const formatDay = (zone: string, t: number): string => intl(zone, 'day', { weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(t));

/** "Tuesday, November 25, 2025" */
export const formatLongDay = (zone: string, t: number): string =>
  intl(zone, 'long-day', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(new Date(t));

/** "Jan 7, 1984" for a YYYY-MM-DD date of birth (a date, not an instant: no zone). */
export const formatBirthDate = (date: string): string =>
  intl('UTC', 'birth', { month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(dateBaseUtc(date)));

/** "Monday 24 November 2025" for a local date, in the receptionist's locale unless one is given. */
export const formatLongDate = (date: string, locale?: string): string =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(dateBaseUtc(date)),
  );

/** "Mon, Nov 24" for a local date (a grid column's heading), in the receptionist's locale. */
const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
export const formatShortDay = (date: string): string => shortDay.format(new Date(dateBaseUtc(date)));

/** Short zone name for the time gutter ("EST"). */
const abbreviations = new Map<string, string>();
export function zoneAbbreviation(zone: string, t: number): string {
  const key = `${zone}|${Math.floor(t / 3_600_000)}`;
  let hit = abbreviations.get(key);
  if (hit === undefined) {
    hit = intl(zone, 'zone-name', { timeZoneName: 'short' }).formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? zone;
    abbreviations.set(key, hit);
  }
  return hit;
}
