import { IANAZone } from 'luxon';

/**
 * A VTIMEZONE block for `zone` covering the given years, built from the
 * runtime's time-zone data (luxon): one observance per real transition, so
 * Outlook, Google and Apple Calendar place TZID times exactly, DST days included.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const z = IANAZone.create(zone);
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const first = z.offset(start);
  lines.push(...observance(z, isDst(z, start) ? 'DAYLIGHT' : 'STANDARD', Date.UTC(1970, 0, 1), first, first));
  const step = 6 * 3_600_000;
  let prev = first;
  for (let t = start + step; t <= end; t += step) {
    const off = z.offset(t);
    if (off === prev) continue;
    // Narrow the change down to the minute.
    let lo = t - step;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (z.offset(mid) === prev) lo = mid;
      else hi = mid;
    }
    lines.push(...observance(z, off > prev ? 'DAYLIGHT' : 'STANDARD', hi, prev, off));
    prev = off;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n') + '\r\n';
}

function isDst(z: IANAZone, t: number): boolean {
  const y = new Date(t).getUTCFullYear();
  return z.offset(t) > Math.min(z.offset(Date.UTC(y, 0, 1)), z.offset(Date.UTC(y, 6, 1)));
}

/** DTSTART is the local time just before the change, in the offset in force before it (RFC 5545 §3.6.5). */
function observance(z: IANAZone, kind: 'STANDARD' | 'DAYLIGHT', at: number, fromMin: number, toMin: number): string[] {
  const local = new Date(at + fromMin * 60_000).toISOString();
  const dtstart = local.slice(0, 19).replace(/[-:]/g, '');
  const name = z.offsetName(at, { format: 'short' }) ?? '';
  return [
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    `TZOFFSETFROM:${offset(fromMin)}`,
    `TZOFFSETTO:${offset(toMin)}`,
    ...(name && !/^GMT[+-]/.test(name) ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

function offset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}
