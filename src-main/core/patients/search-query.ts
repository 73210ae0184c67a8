import { phoneDigitsOf } from '@shared/schemas/patients';
import type { DateOrder } from '@shared/time';
import { wordsOf } from './normalise';

/** How the clinic writes dates with slashes: 03/07/1984 is 7 March (MDY, US) or 3 July (DMY). */
export type { DateOrder };

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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4}|\\d{2})';
const GAP = '[\\s,-]+';
/** "Nov 9, 1980", "November 9 1980", "Nov-09-1980": the way the app shows birth dates in month-first clinics. */
const MONTH_FIRST = new RegExp(`(?<=^|[\\s,;])${MONTH}${GAP}${DAY}${GAP}${YEAR}(?=$|[\\s,;])`, 'i');
/** "9 Nov 1980", "9 November, 1980", "09-Nov-1980": day-first clinics and many printed forms. */
const DAY_FIRST = new RegExp(`(?<=^|[\\s,;])${DAY}${GAP}${MONTH}${GAP}${YEAR}(?=$|[\\s,;])`, 'i');

/**
 * Reads a search box entry. Accepted birth-date forms:
 *   1984-03-07 (ISO); with `/`, `-` or `.` between day, month and year in
 *   the clinic's order: 3/7/1984, 03-07-1984, 3.7.84 (MDY by default); and with
 *   the month's name, in either order: "Mar 7, 1984", "7 March 1984".
 * A two-digit year is the latest such year not in the future (84 → 1984,
 * 05 → 2005). Digits without separators (19840307) are read as a phone
 * fragment, not a date: receptionists type phone digits far more often.
 * Anything else made of digits and phone punctuation is phone digits; the rest
 * are name words. Parts are separated by spaces or commas ("Smith, Jo").
 */
export function parseSearchQuery(raw: string, opts: { dateOrder?: DateOrder; today: string }): ParsedSearch {
  const words: string[] = [];
  let phone = '';
  const named = namedMonthDate(raw, opts.today);
  let birthDate: string | null = named?.date ?? null;
  const rest = named ? raw.slice(0, named.from) + ' ' + raw.slice(named.to) : raw;
  for (const part of rest.split(/[\s,;]+/)) {
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

/** The first date written with its month's name, and where it stands in the entry. */
function namedMonthDate(raw: string, today: string): { date: string; from: number; to: number } | null {
  const m = MONTH_FIRST.exec(raw);
  const d = DAY_FIRST.exec(raw);
  const first = m && (!d || m.index <= d.index) ? m : null;
  const found = first ?? d;
  if (!found) return null;
  const [monthText, dayText, yearText] = first ? [found[1]!, found[2]!, found[3]!] : [found[2]!, found[1]!, found[3]!];
  const month = MONTHS.indexOf(monthText.slice(0, 3).toLowerCase()) + 1;
  const date = realDate(fullYear(yearText, today), month, Number(dayText));
  return date === null ? null : { date, from: found.index, to: found.index + found[0].length };
}

/** A two-digit year is the latest such year not in the future (84 → 1984, 05 → 2005). */
function fullYear(yearText: string, today: string): number {
  let year = Number(yearText);
  if (yearText.length === 2) {
    const thisYear = Number(today.slice(0, 4));
    year += Math.floor(thisYear / 100) * 100;
    if (year > thisYear) year -= 100;
  }
  return year;
}

function parseDate(part: string, order: DateOrder, today: string): string | null {
  const iso = ISO_DATE.exec(part);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const sep = SEPARATED_DATE.exec(part);
  if (!sep) return null;
  const first = Number(sep[1]);
  const second = Number(sep[3]);
  const year = fullYear(sep[4]!, today);
  return order === 'MDY' ? realDate(year, first, second) : realDate(year, second, first);
}

function realDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null; // 31 April, 29 February of a common year
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
