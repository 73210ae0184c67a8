import type { PatientId } from '@shared/domain/ids';
import type { PatientMatch, PatientSearchHit, PatientSearchResult } from '@shared/domain/patients';
import { MIN_PHONE_DIGITS, searchPatientsInput, type SearchPatientsInput } from '@shared/schemas/patients';
import type { Clock } from '../clock';
import { prepared } from '../db/prepared';
import type { ReadDb } from '../db/open';
import { parseInput } from '../validation';
import { MAX_INSIDE_PHONE_MATCH, MIN_INSIDE_MATCH, matchOf, type Candidate } from './search-match';
import { isEmptySearch, parseSearchQuery, type DateOrder, type ParsedSearch } from './search-query';

export interface SearchOptions {
  /** How the clinic writes dates with slashes; MDY (US) unless set. */
  dateOrder?: DateOrder;
}

const TIERS: readonly PatientMatch[] = ['exact', 'prefix', 'partial'];
/** Candidates judged per class before giving up and asking the desk to type more (~50 ms). */
const MAX_SCANNED_PER_CLASS = 5_000;
/** Longest prefix served by the word index's prefix indexes (migration 0002: prefix = '1 2 3 4 5 6'). */
const INDEXED_PREFIX = 6;
/** From this many digits a phone index range is narrower than any name index read (~1 in 10,000 numbers). */
const SELECTIVE_PHONE_DIGITS = 4;

/**
 * Patient search over the indexes of migration 0002.
 *
 * Ranking is defined by matchOf (search-match.ts): exact, then prefix, then
 * partial; within a class by family name, given name. The classes are
 * fetched in that order from index "sources" that are supersets of the
 * class, streamed row by row and judged by matchOf; reading stops as soon as
 * the page is full, so a search reads a few dozen index entries even at a
 * million patients.
 *
 * Each class reads from the most selective index the search allows:
 * - a birth date: the birth-date index (a few dozen people per date);
 * - 4+ phone digits: the phone index forwards (starts with), reversed (ends
 *   with), or the trigram index (inside);
 * - otherwise the word index (exact words; word prefixes through the 1–6
 *   letter prefix indexes) or the trigram index (inside names); words of
 *   both kinds together intersect the two indexes' rowid lists.
 * A class that would read more than MAX_SCANNED_PER_CLASS candidates stops
 * and reports hasMore: the receptionist types another letter.
 *
 * The IPC handler audits each search as a fact (how many it found, never the
 * text typed; core/audit/reads.ts); opening a hit (getPatient / getPatientPanel)
 * is audited as a read of that record.
 */
export function searchPatients(
  ctx: { db: ReadDb; clock: Clock },
  input: SearchPatientsInput,
  opts: SearchOptions = {},
): PatientSearchResult {
  const { query, limit } = parseInput(searchPatientsInput, input);
  const today = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  const q = parseSearchQuery(query, { today, ...opts });
  if (isEmptySearch(q)) return { hits: [], hasMore: false };

  const wanted = limit + 1; // one more than shown tells whether there is more
  const seen = new Set<string>();
  const hits: PatientSearchHit[] = [];
  let truncated = false;
  for (const tier of TIERS) {
    const found: HitRow[] = [];
    let scanned = 0;
    sources: for (const source of sourcesFor(q, tier)) {
      for (const row of rowsOf(ctx.db, source)) {
        if (++scanned > MAX_SCANNED_PER_CLASS) {
          truncated = true;
          break sources;
        }
        if (seen.has(row.id) || matchOf(row, q) !== tier) continue;
        seen.add(row.id);
        found.push(row);
        if (hits.length + found.length >= wanted) break sources;
      }
    }
    found.sort(byName);
    for (const r of found) hits.push(toHit(r, tier));
    if (hits.length >= wanted || truncated) break;
  }
  return { hits: hits.slice(0, limit), hasMore: truncated || hits.length > limit };
}

interface HitRow extends Candidate {
  id: string;
  phone: string | null;
}

/** An index read streamed row by row, or the intersection of two FTS5 rowid sets. */
type Source = Query | { intersect: [Query, Query] };
interface Query {
  sql: string;
  params: string[];
}

const COLUMNS = 'p.id, p.given_name, p.family_name, p.date_of_birth, p.phone, p.phone_digits';
// CROSS JOIN fixes the join order: the index named first drives, the rest are key lookups.
const BY_BIRTH_DATE = `SELECT ${COLUMNS} FROM patients p INDEXED BY patients_dob WHERE p.date_of_birth = ?`;
const BY_PHONE = `SELECT ${COLUMNS} FROM patients p INDEXED BY patients_phone_dob WHERE p.phone_digits = ?`;
const BY_PHONE_START = `SELECT ${COLUMNS} FROM patients p INDEXED BY patients_phone_dob
  WHERE p.phone_digits >= ? AND p.phone_digits < ?`;
const BY_PHONE_END = `SELECT ${COLUMNS} FROM patient_search_docs d INDEXED BY patient_search_phone_rev
  CROSS JOIN patients p WHERE d.phone_rev >= ? AND d.phone_rev < ? AND p.id = d.patient_id`;
const BY_WORDS = `SELECT ${COLUMNS} FROM patient_name_fts f CROSS JOIN patient_search_docs d CROSS JOIN patients p
  WHERE patient_name_fts MATCH ? AND d.doc = f.rowid AND p.id = d.patient_id`;
const BY_TRIGRAMS = `SELECT ${COLUMNS} FROM patient_trigram_fts f CROSS JOIN patient_search_docs d CROSS JOIN patients p
  WHERE patient_trigram_fts MATCH ? AND d.doc = f.rowid AND p.id = d.patient_id`;
const BY_DOC = `SELECT ${COLUMNS} FROM patient_search_docs d CROSS JOIN patients p WHERE d.doc = ? AND p.id = d.patient_id`;
const WORD_DOCS = `SELECT rowid FROM patient_name_fts WHERE patient_name_fts MATCH ?`;
const TRIGRAM_DOCS = `SELECT rowid FROM patient_trigram_fts WHERE patient_trigram_fts MATCH ?`;

/** Index reads whose rows include every patient of the class (and maybe others, which matchOf drops). */
function sourcesFor(q: ParsedSearch, tier: PatientMatch): Source[] {
  const phone = q.phoneDigits;
  // Stored numbers have at least 7 digits: fewer typed digits are never the whole number.
  if (tier === 'exact' && phone !== null && phone.length < MIN_PHONE_DIGITS) return [];
  if (q.birthDate !== null) return [{ sql: BY_BIRTH_DATE, params: [q.birthDate] }];

  if (phone !== null && (phone.length >= SELECTIVE_PHONE_DIGITS || q.words.length === 0)) {
    if (tier === 'exact') return [{ sql: BY_PHONE, params: [phone] }];
    if (tier === 'prefix') {
      // [x, x + ':') is "starts with x": ':' sorts right after '9'.
      const reversed = [...phone].reverse().join('');
      return [
        { sql: BY_PHONE_START, params: [phone, `${phone}:`] },
        { sql: BY_PHONE_END, params: [reversed, `${reversed}:`] },
      ];
    }
    return phone.length >= MIN_INSIDE_MATCH && phone.length <= MAX_INSIDE_PHONE_MATCH
      ? [{ sql: BY_TRIGRAMS, params: [trigramQuery([phone])] }]
      : [];
  }

  const quote = (w: string): string => `"${w}"`; // words are letters and digits only
  const prefixes = { sql: BY_WORDS, params: [q.words.map((w) => `${quote(w.slice(0, INDEXED_PREFIX))}*`).join(' AND ')] };
  if (tier === 'exact') return [{ sql: BY_WORDS, params: [q.words.map(quote).join(' AND ')] }];
  if (tier === 'prefix') return [prefixes];
  const insideWords = q.words.filter((w) => w.length >= MIN_INSIDE_MATCH);
  const shortWords = q.words.filter((w) => w.length < MIN_INSIDE_MATCH);
  if (insideWords.length > 0 && shortWords.length > 0) {
    // "av rod": few patients match both, but each index alone matches thousands.
    // Intersecting bare rowid lists costs a millisecond; judging rows one by one would cost fifty.
    const short = shortWords.map((w) => `${quote(w)}*`).join(' AND ');
    return [{ intersect: [{ sql: TRIGRAM_DOCS, params: [trigramQuery(insideWords)] }, { sql: WORD_DOCS, params: [short] }] }];
  }
  if (insideWords.length > 0) return [{ sql: BY_TRIGRAMS, params: [trigramQuery(insideWords)] }];
  // Only short words: they can only be prefixes, but 3 phone digits may still match inside.
  return phone !== null && phone.length >= MIN_INSIDE_MATCH ? [prefixes] : [];
}

function* rowsOf(db: ReadDb, source: Source): Generator<HitRow> {
  if (!('intersect' in source)) {
    yield* prepared<HitRow>(db, source.sql).iterate(...source.params);
    return;
  }
  const [a, b] = source.intersect.map((query) => prepared<number>(db, query.sql).pluck().all(...query.params));
  const [small, large] = a!.length <= b!.length ? [a!, b!] : [b!, a!];
  const inLarge = new Set(large);
  const byDoc = prepared<HitRow>(db, BY_DOC);
  for (const doc of small.filter((d) => inLarge.has(d)).sort((x, y) => x - y)) {
    const row = byDoc.get(doc);
    if (row) yield row;
  }
}

/** FTS5 query ANDing every trigram of the pieces: a superset of "contains all pieces". */
function trigramQuery(pieces: string[]): string {
  const trigrams = new Set<string>();
  for (const piece of pieces) {
    for (let i = 0; i + 3 <= piece.length; i++) trigrams.add(`"${piece.slice(i, i + 3)}"`);
  }
  return [...trigrams].join(' AND ');
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
function byName(a: HitRow, b: HitRow): number {
  return (
    collator.compare(a.family_name, b.family_name) ||
    collator.compare(a.given_name, b.given_name) ||
    a.date_of_birth.localeCompare(b.date_of_birth) ||
    a.id.localeCompare(b.id)
  );
}

function toHit(r: HitRow, match: PatientMatch): PatientSearchHit {
  return {
    id: r.id as PatientId,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    phone: r.phone,
    match,
  };
}
