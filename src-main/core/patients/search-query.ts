import { phoneDigitsOf } from '../../../src-shared/schemas/patients';
import { wordsOf } from './normalise';

/** How the clinic writes dates with slashes: 03/07/1984 is 7 March (MDY, US) or 3 July (DMY). */
export type DateOrder = 'MDY' | 'DMY';

/** A search box entry split into what it can match. All parts must match. */
export interface ParsedSearch {
  /** Folded name words ("o'brien" → "o", "brien"), each matched against any name word. */
  words: string[];
  /** Phone digits, from every phone-looking part joined: "(212) 555-0147" → "2125550147". */
  phoneDigits: string | null;
  /** A date of birth, YYYY-MM-DD. */
  birthDate: string | null;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SEPARATED_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;
const PHONE_PART = /^[\d()+.\-/]*\d[\d()+.\-/]*$/;

/**
 * Reads a search box entry. Accepted birth-date forms:
 *   1984-03-07 (ISO), and with `/`, `-` or `.` between day, month and year in
 *   the clinic's order: 3/7/1984, 03-07-1984, 3.7.84 (MDY by default).
 * A two-digit year is the latest such year not in the future (84 → 1984,
 * 05 → 2005). Digits without separators (19840307) are read as a phone
 * fragment, not a date: receptionists type phone digits far more often.
 * Anything else made of digits and phone punctuation is phone digits; the rest
 * are name words. Parts are separated by spaces or commas ("Smith, Jo").
 */
export function parseSearchQuery(raw: string, opts: { dateOrder?: DateOrder; today: string }): ParsedSearch {
  const words: string[] = [];
  let phone = '';
  let birthDate: string | null = null;
  for (const part of raw.split(/[\s,;]+/)) {
    if (part === '') continue;
    const date: string | null = birthDate === null ? parseDate(part, opts.dateOrder ?? 'MDY', opts.today) : null;
    if (date !== null) birthDate = date;
    else if (PHONE_PART.test(part)) phone += part.replace(/\D+/g, '');
    else words.push(...wordsOf(part));
  }
  return { words, phoneDigits: phone === '' ? null : phoneDigitsOf(phone), birthDate };
}

export function isEmptySearch(q: ParsedSearch): boolean {
  return q.words.length === 0 && q.phoneDigits === null && q.birthDate === null;
}

function parseDate(part: string, order: DateOrder, today: string): string | null {
  const iso = ISO_DATE.exec(part);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const sep = SEPARATED_DATE.exec(part);
  if (!sep) return null;
  const first = Number(sep[1]);
  const second = Number(sep[3]);
  const yearText = sep[4]!;
  let year = Number(yearText);
  if (yearText.length === 2) {
    const thisYear = Number(today.slice(0, 4));
    year += Math.floor(thisYear / 100) * 100;
    if (year > thisYear) year -= 100;
  }
  return order === 'MDY' ? realDate(year, first, second) : realDate(year, second, first);
}

function realDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null; // 31 April, 29 February of a common year
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
