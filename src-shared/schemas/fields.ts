import { z } from 'zod';

/**
 * Field schemas shared by the input schemas of several domains. Messages are
 * written for a receptionist: they end up on screen next to the field.
 */

/**
 * Characters no one types into a field: C0 and C1 controls (NUL, ESC, DEL…),
 * Unicode line and paragraph separators, bidirectional overrides and isolates
 * (which make text display in another order than it is stored) and unpaired
 * surrogates (not text at all). They arrive by pasting from other programs or
 * on purpose, and would break search, exports, messages and other systems.
 */
const HIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
/** The same, except the tab and line breaks a text with several lines holds. */
const HIDDEN_IN_LINES = /(?![\t\n\r])\p{Cc}|[\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

/** True when `s` holds a character {@link text} refuses. */
const hasHiddenCharacters = (s: string, opts: { multiline?: boolean } = {}): boolean =>
  (opts.multiline ? HIDDEN_IN_LINES : HIDDEN).test(s);

/**
 * Where every text field starts: a string without control characters
 * (VALIDATION at the field, not an error deeper down). Whitespace at either
 * end (a tab or line break pasted from a spreadsheet) is left to the field's
 * own trim. `missing` is the message when the value is absent or not text.
 */
export const text = (what: string, opts: { multiline?: boolean; missing?: string } = {}) =>
  z
    .string(opts.missing ?? `Enter the ${what}.`)
    .refine((s) => !hasHiddenCharacters(s.trim(), opts), {
      message: `The ${what} contains a hidden control character, often copied from another program. Type it again.`,
      abort: true,
    });

/** A branded id: any non-empty string up to 64 characters (ours are UUIDv7). */
export const idOf = <T extends string>(what: string) =>
  text(`${what} reference`, { missing: `Choose a ${what}.` })
    .trim()
    .min(1, `Choose a ${what}.`)
    .max(64, `That ${what} reference is not valid.`)
    .transform((s) => s as T);

export const epochMs = (what: string) =>
  z
    .number(`Enter the ${what}.`)
    .int(`The ${what} is not a valid time.`)
    .min(0, `The ${what} is not a valid time.`)
    .max(8_640_000_000_000_000, `The ${what} is not a valid time.`);

export const localDate = (what: string) => z.iso.date(`The ${what} must be a date (YYYY-MM-DD).`);

/** Minutes after local midnight, 0..1440 (1440 = the next midnight). */
export const minuteOfDay = (what: string) =>
  z
    .number(`Enter the ${what}.`)
    .int(`The ${what} must be whole minutes.`)
    .min(0, `The ${what} must be between 00:00 and 24:00.`)
    .max(1440, `The ${what} must be between 00:00 and 24:00.`);

export const displayName = (what: string, max = 200) =>
  text(what, { missing: `Enter a ${what}.` })
    .trim()
    .min(1, `Enter a ${what}.`)
    .max(max, `The ${what} is too long (at most ${max} characters).`);

export const colour = z
  .string('Choose a colour.')
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Colours are written as #rrggbb, for example #1f77b4.')
  .transform((s) => s.toLowerCase());

/**
 * An address that secrets or code may travel to: https, or plain http to this
 * computer only (a local server for tests or a relay); no user name or
 * password written into it.
 */
export function isSecureWebAddress(address: string): boolean {
  try {
    const { protocol, hostname, username, password } = new URL(address);
    if (username !== '' || password !== '') return false;
    return protocol === 'https:' || (protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname));
  } catch {
    return false;
  }
}

/** True for IANA zone names the runtime knows (Intl works in Node and in the browser). */
function isIanaZone(zone: string): boolean {
  if (zone !== 'UTC' && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ianaZone = z
  .string('Choose a time zone.')
  .trim()
  .refine(isIanaZone, 'Choose a time zone from the list, for example America/New_York.');

export const optionalText = (what: string, max: number, opts: { multiline?: boolean } = {}) =>
  text(what, opts)
    .trim()
    .max(max, `The ${what} is too long (at most ${max} characters).`);

/** Optimistic concurrency: the version the user saw; a different current version → CONFLICT. */
export const expectedVersion = z
  .number()
  .int()
  .min(1, 'The record version is not valid.')
  .optional();
