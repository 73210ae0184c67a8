/**
 * Local calendar dates ('YYYY-MM-DD') and their arithmetic, free of any zone:
 * a local date names a day on the wall calendar, whatever the zone.
 */
const MS_PER_DAY = 86_400_000;

const bases = new Map<string, number>();

/** Midnight UTC of a local date: the base for wall minutes of that date (laying out a day asks it for every card). */
export function dateBaseUtc(date: string): number {
  const hit = bases.get(date);
  if (hit !== undefined) return hit;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const base = Date.UTC(y, m - 1, d);
  if (bases.size > 10_000) bases.clear();
  bases.set(date, base);
  return base;
}

const isoDates = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant in a zone. */
export function localDateIn(zone: string, epochMs: number): string {
  let f = isoDates.get(zone);
  // en-CA formats as YYYY-MM-DD.
  if (!f) isoDates.set(zone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(epochMs));
}

export function addDays(date: string, days: number): string {
  return new Date(dateBaseUtc(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isValidLocalDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(dateBaseUtc(date)).toISOString().slice(0, 10) === date;
}

/** ISO weekday (1 = Monday) of a local date. */
export function isoWeekdayOf(date: string): number {
  const wd = new Date(dateBaseUtc(date)).getUTCDay();
  return wd === 0 ? 7 : wd;
}
