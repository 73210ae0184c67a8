/**
 * Instants shown to the receptionist, always in the zone of the place they
 * happen (a location's IANA zone), never the browser's.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function format(zone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${zone}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options })));
  return f;
}

/** "9:30 AM" */
export const formatTime = (zone: string, t: number): string =>
  format(zone, 'time', { hour: 'numeric', minute: '2-digit' }).format(new Date(t));

/** "Tue, Nov 25" */
export const formatDay = (zone: string, t: number): string =>
  format(zone, 'day', { weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(t));

/** "Tuesday, November 25, 2025" */
export const formatLongDay = (zone: string, t: number): string =>
  format(zone, 'long-day', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(new Date(t));

/** "Tue, Nov 25, 2025, 9:30 AM" */
export const formatDateTime = (zone: string, t: number): string =>
  format(zone, 'date-time', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(
    new Date(t),
  );

/** "Jan 7, 1984" for a YYYY-MM-DD date of birth (a date, not an instant: no zone). */
export function formatBirthDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
