/**
 * Finding words that say what a visit is for, however they are written.
 * Texts and the words looked for are both brought to a "skeleton" first, so
 * the ways a word can be disguised — by accident (pasted from a word
 * processor) or on purpose — still match:
 * - compatibility forms (full-width letters, ligatures) become plain ones (NFKC);
 * - accents and other combining marks, zero-width and other invisible
 *   formatting characters (soft hyphen, joiners, direction marks) go;
 * - letters that look alike are one letter: Cyrillic and Greek look-alikes,
 *   and digits or signs written for letters inside a word (0ncology, h1v, $urgery);
 *   i, l, 1, | and ! are all one;
 * - a hyphen or dash inside a word is read both as nothing and as a space
 *   (Onco-logy, root-canal).
 */

/** Look-alikes from other scripts, as the Latin letter they pass for. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', ʏ: 'y',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
};

/** Digits and signs written for letters: only inside a word that has letters (a phone number stays digits). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'i' };

/** Letters that are told apart by shape only. */
const SAME_SHAPE: Record<string, string> = { l: 'i' };

const INVISIBLE = /[\p{Cf}\p{M}]/gu;
const DASHES = /[\p{Pd}\u2212_]/gu;
const WORD_WITH_SIGNS = /[\p{L}\p{N}@$!|]+/gu;

function skeletonOf(text: string): string {
  const plain = text.normalize('NFKC').normalize('NFD').replace(INVISIBLE, '').toLowerCase();
  const latin = Array.from(plain, (ch) => HOMOGLYPHS[ch] ?? ch).join('');
  const unleet = latin.replace(WORD_WITH_SIGNS, (w) => (/\p{L}/u.test(w) ? Array.from(w, (ch) => LEET[ch] ?? ch).join('') : w));
  return Array.from(unleet, (ch) => SAME_SHAPE[ch] ?? ch).join('');
}

/** A text's skeletons: with dashes inside words dropped, and with them read as spaces. */
function skeletons(text: string): string[] {
  const s = skeletonOf(text);
  return [s.replace(DASHES, ''), s.replace(DASHES, ' ')];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a pattern over skeletons: whole words, any spacing; `prefix` also matches longer forms (oncolog → oncologist). */
function phrasePattern(phrase: string, prefix: boolean): RegExp | null {
  const p = skeletonOf(phrase).replace(DASHES, ' ').trim();
  if (p.replace(/\s+/g, '').length < 2) return null;
  const body = p.split(/\s+/).map(escapeRegExp).join('\\s*');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${body}${prefix ? '' : '($|[^\\p{L}\\p{N}])'}`, 'u');
}

/** Whether `text` names `phrase` as whole words, however either is written. */
export function mentionsPhrase(text: string, phrase: string): boolean {
  const pattern = phrasePattern(phrase, false);
  return pattern !== null && skeletons(text).some((s) => pattern.test(s));
}

/**
 * Words that name a specialty, department or a kind of care, as the shown
 * word and the stem that catches its forms (`*`: any ending, e.g. oncology,
 * oncologist, oncological). Not a complete list (no list can be): it catches
 * the common ways a clinic might put the reason into a text by hand.
 */
const REVEALING: ReadonlyArray<readonly [shown: string, pattern: string]> = [
  ['oncology', 'oncolog*'], ['cancer', 'cancer*'], ['chemotherapy', 'chemo*'], ['radiation', 'radiation*'],
  ['radiotherapy', 'radiotherap*'], ['cardiology', 'cardiolog*'], ['psychiatry', 'psychiatr*'], ['psychology', 'psycholog*'],
  ['psychotherapy', 'psychotherap*'], ['therapy', 'therap*'], ['counseling', 'counsel*'], ['mental health', 'mental health'],
  ['addiction', 'addict*'], ['rehab', 'rehab*'], ['detox', 'detox*'], ['HIV', 'hiv'], ['STD', 'std'], ['STI', 'sti'],
  ['sexual health', 'sexual health'], ['fertility', 'fertility'], ['IVF', 'ivf'], ['pregnancy', 'pregnan*'], ['prenatal', 'prenatal'],
  ['abortion', 'abortion*'], ['obstetrics', 'obstetric*'], ['gynecology', 'gynecolog*'], ['gynaecology', 'gynaecolog*'],
  ['urology', 'urolog*'], ['dermatology', 'dermatolog*'], ['neurology', 'neurolog*'], ['surgery', 'surger*'], ['surgeon', 'surgeon*'],
  ['surgical', 'surgical*'], ['biopsy', 'biops*'], ['dialysis', 'dialys*'], ['vaccination', 'vaccin*'], ['diagnosis', 'diagnos*'],
  ['procedure', 'procedure*'], ['treatment', 'treatment*'], ['department', 'department*'], ['specialty', 'specialt*'],
  ['speciality', 'specialit*'], ['root canal', 'root canal*'], ['extraction', 'extraction*'], ['implant', 'implant*'],
];

const REVEALING_PATTERNS = REVEALING.map(([shown, pattern]) => ({
  shown,
  re: phrasePattern(pattern.replace(/\*$/, ''), pattern.endsWith('*'))!,
}));

/** The listed words `text` uses (each once, as the list shows it). */
export function revealingWords(text: string): string[] {
  const forms = skeletons(text);
  return REVEALING_PATTERNS.filter(({ re }) => forms.some((s) => re.test(s))).map(({ shown }) => shown);
}
