/**
 * Local calendar dates ('YYYY-MM-DD') in the clinic's zone. "Today" follows
 * main's clock (pinned in tests), never the browser's idea of the date.
 */
const MS_PER_DAY = 86_400_000;

export function localDateIn(zone: string, epochMs: number): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(epochMs),
  );
}

function toUtcMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isValidLocalDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(toUtcMs(date)).toISOString().slice(0, 10) === date;
}

/** "Monday 24 November 2025" in the receptionist's locale. */
export function formatLongDate(date: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(toUtcMs(date)));
}
