import { dateBaseUtc } from './local-date';

/**
 * Dates and times as the receptionist reads them. Instants are shown in the zone
 * of the place they happen (a location's IANA zone), never the browser's; times
 * of day follow the clinic's 12/24-hour setting and dates its date order
 * everywhere (grid, dialogs, lists, printed sheets), so one screen never says
 * "14:30" where another says "2:30 PM", nor "9 Nov" where another says "Nov 9".
 */
export type TimeFormat = '12h' | '24h';
export const TIME_FORMATS: readonly TimeFormat[] = ['12h', '24h'];

/** How the clinic writes dates: month first ("Nov 9, 1980", 11/9/1980) or day first ("9 Nov 1980", 9/11/1980). */
export type DateOrder = 'MDY' | 'DMY';
export const DATE_ORDERS: readonly DateOrder[] = ['MDY', 'DMY'];

/** The clinic settings every date and time on screen follows. */
interface ClockSettings {
  timeFormat: TimeFormat;
  dateOrder: DateOrder;
  /**
   * Whether times carry their zone's name ("9:15 AM CST"): on when the clinic's
   * locations lie in more than one zone, so two times on one screen are never
   * read on different clocks without saying so.
   */
  nameZones: boolean;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function intl(zone: string, key: string, options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  const k = `${locale}|${zone}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options })));
  return f;
}

/** The formats that depend on the clinic's 12/24-hour, date order and zone-naming settings. */
export interface TimeFormatter {
  readonly format: TimeFormat;
  readonly dateOrder: DateOrder;
  readonly nameZones: boolean;
  /** "9:30 AM" / "9:30" */
  time(zone: string, t: number): string;
  /** "Mon 9:30 AM" */
  weekdayTime(zone: string, t: number): string;
  /** "Tue, Nov 25, 2025, 9:30 AM" / "Tue 25 Nov 2025, 09:30" */
  dateTime(zone: string, t: number): string;
  /** "Tue, Nov 25, 9:30 AM" / "Tue 25 Nov, 09:30" */
  shortDateTime(zone: string, t: number): string;
  /** " CST" when the clinic names zones, else "": appended to a time or a span of times. */
  zoneTag(zone: string, t: number): string;
  /** "9:15 AM CST": a time with its zone named when the clinic spans zones. */
  timeAt(zone: string, t: number): string;
  /** "9:15 AM–10:00 AM CST" */
  span(zone: string, start: number, end: number): string;
  /** "Wed, Dec 9, 2026, 9:15 AM CST" */
  when(zone: string, t: number): string;
  /** "Tue, Nov 25" / "Tue 25 Nov" (the local date of an instant) */
  day(zone: string, t: number): string;
  /** "Tuesday, November 25, 2025" / "Tuesday 25 November 2025" (the local date of an instant) */
  longDay(zone: string, t: number): string;
  /** "Nov 9, 1980" / "9 Nov 1980" for a YYYY-MM-DD date (a birth date: no zone). */
  date(date: string): string;
  /** "Mon, Nov 24" / "Mon 24 Nov" for a YYYY-MM-DD date (a grid column's heading). */
  shortDate(date: string): string;
  /** "Monday, November 24, 2025" / "Monday 24 November 2025" for a YYYY-MM-DD date. */
  longDate(date: string): string;
  /** "Mon, Nov 24, 2025" / "Mon, 24 Nov 2025" for a YYYY-MM-DD date (where the long form does not fit). */
  mediumDate(date: string): string;
  /** "11/24/2025" / "24/11/2025" for a YYYY-MM-DD date. */
  numericDate(date: string): string;
  /** A wall minute of the day in full: "9:00 AM" / "09:00" (opening hours, printed sheets). */
  wallTime(minute: number): string;
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

/** Month-first dates read as in the United States, day-first as in Britain; times keep "AM"/"PM" either way. */
const localeOf = (order: DateOrder): string => (order === 'DMY' ? 'en-GB' : 'en-US');

function makeFormatter({ timeFormat: format, dateOrder, nameZones }: ClockSettings): TimeFormatter {
  const parts = timeParts(format);
  const locale = localeOf(dateOrder);
  const onDate = (key: string, options: Intl.DateTimeFormatOptions) => (date: string) =>
    intl('UTC', key, options, locale).format(new Date(dateBaseUtc(date)));
  const dayOf = (zone: string, t: number) => intl(zone, 'day', { weekday: 'short', month: 'short', day: 'numeric' }, locale).format(new Date(t));
  const zoneTag = (zone: string, t: number) => (nameZones ? ` ${zoneAbbreviation(zone, t)}` : '');
  // A day's cards start and end on a few dozen distinct times: format each once (Intl is slow).
  const times = new Map<string, string>();
  const self: TimeFormatter = {
    format,
    dateOrder,
    nameZones,
    time(zone, t) {
      const key = `${zone}|${t}`;
      const hit = times.get(key);
      if (hit !== undefined) return hit;
      const text = intl(zone, `time-${format}`, parts).format(new Date(t));
      if (times.size > 20_000) times.clear();
      times.set(key, text);
      return text;
    },
    weekdayTime: (zone, t) => `${intl(zone, 'weekday', { weekday: 'short' }).format(new Date(t))} ${self.time(zone, t)}`,
    dateTime: (zone, t) =>
      `${intl(zone, 'date-year', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }, locale).format(new Date(t))}, ${self.time(zone, t)}`,
    shortDateTime: (zone, t) => `${dayOf(zone, t)}, ${self.time(zone, t)}`,
    zoneTag,
    timeAt: (zone, t) => `${self.time(zone, t)}${zoneTag(zone, t)}`,
    span: (zone, start, end) => `${self.time(zone, start)}–${self.time(zone, end)}${zoneTag(zone, start)}`,
    when: (zone, t) => `${self.dateTime(zone, t)}${zoneTag(zone, t)}`,
    day: dayOf,
    longDay: (zone, t) => intl(zone, 'long-day', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }, locale).format(new Date(t)),
    date: onDate('date', { month: 'short', day: 'numeric', year: 'numeric' }),
    shortDate: onDate('short-date', { weekday: 'short', month: 'short', day: 'numeric' }),
    longDate: onDate('long-date', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    mediumDate: onDate('medium-date', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }),
    numericDate: onDate('numeric-date', { month: 'numeric', day: 'numeric', year: 'numeric' }),
    wallTime(minute) {
      const m = ((Math.round(minute) % 1440) + 1440) % 1440;
      const clock = self.clock(m);
      return format === '24h' ? clock : `${clock} ${m < 720 ? 'AM' : 'PM'}`;
    },
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
  return self;
}

const formatters = new Map<string, TimeFormatter>();
/** The one formatter for a combination of settings (shared, so its caches are too). */
export function timeFormatter(format: TimeFormat, dateOrder: DateOrder = 'MDY', nameZones = false): TimeFormatter {
  const key = `${format}|${dateOrder}|${nameZones}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = makeFormatter({ timeFormat: format, dateOrder, nameZones })));
  return f;
}

/** Short zone name ("EST"), for the time gutter and times that name their zone. */
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
