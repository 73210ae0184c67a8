/**
 * Wall-clock arithmetic in an IANA zone with Intl only (the renderer carries
 * no zone library). Offsets are cached per zone and UTC hour, so laying out a
 * day of 1,500 visits asks Intl about two dozen times.
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset east of UTC in ms at instant t (whole minutes; zones change offset on the hour or half hour). */
export function zoneOffsetMs(zone: string, t: number): number {
  // Offsets change at most on a quarter hour: cache by quarter hour to stay exact.
  const bucket = Math.floor(t / (HOUR_MS / 4));
  const key = `${zone}|${bucket}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(bucket * (HOUR_MS / 4)))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  const off = asUtc - bucket * (HOUR_MS / 4);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, off);
  return off;
}

/** Midnight UTC of a local date string, the base for wall minutes of that date. */
export function dateBaseUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** Local wall minutes of instant t counted from the start of `date` (may be < 0 or ≥ 1440). */
export function wallMinutesOn(zone: string, date: string, t: number): number {
  return (t + zoneOffsetMs(zone, t) - dateBaseUtc(date)) / MINUTE_MS;
}

/** The instant of local wall minute `minute` on `date` (a time skipped by DST resolves to just after the jump). */
export function instantOfWall(zone: string, date: string, minute: number): number {
  const local = dateBaseUtc(date) + minute * MINUTE_MS;
  const first = local - zoneOffsetMs(zone, local);
  return local - zoneOffsetMs(zone, first);
}

/** "9:05 AM" style time of day in the zone, in the receptionist's locale. */
const timeFormatters = new Map<string, Intl.DateTimeFormat>();
// A day's cards start and end on a few dozen distinct times: format each once (Intl is slow).
const formattedTimes = new Map<string, string>();
export function formatTime(zone: string, t: number): string {
  const key = `${zone}|${t}`;
  const hit = formattedTimes.get(key);
  if (hit !== undefined) return hit;
  let f = timeFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    timeFormatters.set(zone, f);
  }
  const text = f.format(new Date(t));
  if (formattedTimes.size > 20_000) formattedTimes.clear();
  formattedTimes.set(key, text);
  return text;
}

/** A wall minute of the day as a label ("9 AM", "9:15"). */
export function formatWallMinute(minute: number, withMinutes: boolean): string {
  const h = Math.floor(minute / 60) % 24;
  const m = minute % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 ? 'AM' : 'PM';
  return m === 0 ? `${h12} ${suffix}` : withMinutes ? `${h12}:${String(m).padStart(2, '0')}` : '';
}

/** Short zone name for the time gutter ("EST"). */
const abbreviations = new Map<string, string>();
export function zoneAbbreviation(zone: string, t: number): string {
  const key = `${zone}|${Math.floor(t / HOUR_MS)}`;
  let hit = abbreviations.get(key);
  if (hit === undefined) {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(t))
      .find((p) => p.type === 'timeZoneName');
    hit = part?.value ?? zone;
    abbreviations.set(key, hit);
  }
  return hit;
}

/** ISO weekday (1 = Monday) of a local date. */
export function isoWeekdayOf(date: string): number {
  const wd = new Date(dateBaseUtc(date)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** "Mon 24" */
const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
export function formatShortDay(date: string): string {
  return shortDay.format(new Date(dateBaseUtc(date)));
}
