import type { ImportDateFormat } from '@shared/schemas/import';

/** Field order and pattern of each date format a practice system exports. */
const PATTERNS: Record<ImportDateFormat, { re: RegExp; y: number; m: number; d: number }> = {
  'YYYY-MM-DD': { re: /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/, y: 1, m: 2, d: 3 },
  'MM/DD/YYYY': { re: /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/, y: 3, m: 1, d: 2 },
  'DD/MM/YYYY': { re: /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/, y: 3, m: 2, d: 1 },
  'DD.MM.YYYY': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/, y: 3, m: 2, d: 1 },
  YYYYMMDD: { re: /^(\d{4})(\d{2})(\d{2})$/, y: 1, m: 2, d: 3 },
};

export type DateReading = { ok: true; iso: string } | { ok: false; message: string };

/**
 * Reads a date of birth written in `format` as an ISO date. Two-digit years
 * are refused (is 05 1905 or 2005?), as are days that do not exist (31 April).
 * Whether it is in the future or before 1900 is the patient schema's check.
 */
export function readDate(text: string, format: ImportDateFormat): DateReading {
  const p = PATTERNS[format];
  const m = p.re.exec(text);
  if (!m) return { ok: false, message: `The date of birth is not written as ${format}.` };
  const year = m[p.y]!;
  if (year.length !== 4) return { ok: false, message: 'The date of birth has a two-digit year; write all four digits.' };
  const month = Number(m[p.m]);
  const day = Number(m[p.d]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(year), month)) {
    return { ok: false, message: 'The date of birth is not a real date.' };
  }
  return { ok: true, iso: `${year}-${pad(month)}-${pad(day)}` };
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number): string => String(n).padStart(2, '0');
