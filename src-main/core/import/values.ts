/** Yes/no spellings practice systems export for opt-out columns. */
const YES = new Set(['y', 'yes', 'true', 't', '1', 'x', 'opted out', 'opt out', 'optout']);
const NO = new Set(['', 'n', 'no', 'false', 'f', '0', '-']);

/** true / false, or null when the cell is neither (reported as a problem). */
export function readFlag(text: string): boolean | null {
  const v = text.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/**
 * Splits a whole-name cell. "Family, Given" is read as such whatever the
 * order setting; otherwise the first or the last word is the family name.
 */
export function splitFullName(text: string, order: 'given-family' | 'family-given'): { given: string; family: string } {
  const comma = text.indexOf(',');
  if (comma >= 0) return { family: text.slice(0, comma).trim(), given: text.slice(comma + 1).trim() };
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length < 2) return { given: '', family: words[0] ?? '' };
  return order === 'given-family'
    ? { given: words.slice(0, -1).join(' '), family: words[words.length - 1]! }
    : { family: words[0]!, given: words.slice(1).join(' ') };
}

/**
 * A cell as it was before a spreadsheet-safe CSV (ours, or a spreadsheet's
 * own export) put an apostrophe in front of a leading = + - @ tab or CR —
 * so a phone "+1 212…" from the rows-to-fix file imports as "+1 212…".
 */
export function withoutFormulaGuard(text: string): string {
  return /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? text.slice(1) : text;
}

/** How exports write "the patient is the policy holder" (X12 code 18 included). */
const SELF = new Set(['self', 'patient', 'same', 'same as patient', '18']);
/** X12 relationship codes some exports write instead of words. */
const CODED: Record<string, string> = { '01': 'spouse', '19': 'child', g8: 'other' };

/**
 * The record's subscriber (the policy holder when it is not the patient)
 * from a subscriber name and a relationship column: "self" leaves it blank,
 * a name and a relationship read "Maria Lopez (mother)", either alone is kept.
 */
export function subscriberOf(name: string, relationship: string): string {
  const rel = relationship.trim().toLowerCase();
  if (SELF.has(rel)) return '';
  const word = CODED[rel] ?? rel;
  if (name === '') return word === '' ? '' : word[0]!.toUpperCase() + word.slice(1);
  return word === '' ? name : `${name} (${word})`;
}
