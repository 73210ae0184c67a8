import type { PatientMatch } from '@shared/domain/patients';
import { foldText, wordsOf } from './normalise';
import type { ParsedSearch } from './search-query';

/** The fields a candidate is judged on. */
export interface Candidate {
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone_digits: string;
}

/** Shortest piece of a name or phone number matched anywhere inside it (the trigram index's unit). */
export const MIN_INSIDE_MATCH = 3;
/** Longest run of digits matched inside a phone number: seven or more digits are a local or full number. */
export const MAX_INSIDE_PHONE_MATCH = 6;

const RANK: Record<PatientMatch, number> = { exact: 0, prefix: 1, partial: 2 };
const BY_RANK: readonly PatientMatch[] = ['exact', 'prefix', 'partial'];

/**
 * How a candidate matches a search, or null when it does not. This is the
 * definition of the ranking; the indexes only propose candidates (a superset)
 * and every one is judged here. A hit is as good as its weakest part:
 * - name word: equal to a word of the name (exact), starting one (prefix), or
 *   3+ characters inside the name (partial);
 * - phone digits: the whole number (exact), its start or end (prefix), or
 *   3–6 digits inside it (partial);
 * - birth date: equal, or no match.
 */
export function matchOf(c: Candidate, q: ParsedSearch): PatientMatch | null {
  let worst = 0;
  if (q.birthDate !== null && c.date_of_birth !== q.birthDate) return null;
  if (q.phoneDigits !== null) {
    const rank = phoneRank(c.phone_digits, q.phoneDigits);
    if (rank === null) return null;
    worst = Math.max(worst, rank);
  }
  if (q.words.length > 0) {
    const full = `${c.given_name} ${c.family_name}`;
    const nameWords = wordsOf(full);
    let folded: string | null = null;
    for (const w of q.words) {
      let rank: number;
      if (nameWords.includes(w)) rank = RANK.exact;
      else if (nameWords.some((n) => n.startsWith(w))) rank = RANK.prefix;
      else if (w.length >= MIN_INSIDE_MATCH && (folded ??= foldText(full)).includes(w)) rank = RANK.partial;
      else return null;
      worst = Math.max(worst, rank);
    }
  }
  return BY_RANK[worst]!;
}

function phoneRank(digits: string, wanted: string): number | null {
  if (digits === '') return null;
  if (digits === wanted) return RANK.exact;
  if (digits.startsWith(wanted) || digits.endsWith(wanted)) return RANK.prefix;
  if (wanted.length >= MIN_INSIDE_MATCH && wanted.length <= MAX_INSIDE_PHONE_MATCH && digits.includes(wanted)) {
    return RANK.partial;
  }
  return null;
}
