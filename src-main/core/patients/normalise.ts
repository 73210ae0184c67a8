/**
 * Text folding shared by duplicate detection and search: lower case, accents
 * removed (NFKD, combining marks dropped), so "José" and "jose" are one name.
 */
export function foldText(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The words of a name or a search, as the FTS5 unicode61 tokenizer splits them:
 * runs of letters and digits. "O'Brien-Smith" → ["o", "brien", "smith"].
 */
export function wordsOf(s: string): string[] {
  return foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * The duplicate-detection key stored in patients.name_key: family and given
 * name folded, with spaces and punctuation removed, so "Mary-Ann O'Brien" and
 * "maryann obrien" are the same person's name.
 */
export function nameKeyOf(givenName: string, familyName: string): string {
  return `${wordsOf(familyName).join('')}|${wordsOf(givenName).join('')}`;
}
