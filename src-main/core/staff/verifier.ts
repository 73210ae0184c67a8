import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Verifiers for staff PINs and passphrases: scrypt (memory-hard) with a
 * random salt; the cost parameters are stored with each verifier so they can
 * be raised later without breaking existing ones. The secret itself is never
 * stored, logged, audited or returned.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Tuned so one verify takes about 100 ms on a front-desk PC (`npm run bench -- auth`): slow for guessing, quick at the desk. */
export const SIGN_IN_COST: ScryptCost = { N: 1 << 14, r: 8, p: 1 };

export interface Verifier extends ScryptCost {
  algo: 'scrypt';
  salt: string;
  hash: string;
}

const KEY_LEN = 32;

function scryptAsync(secret: string, salt: Buffer, keyLen: number, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, keyLen, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export async function makeVerifier(secret: string, cost: ScryptCost): Promise<Verifier> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, KEY_LEN, cost);
  return { algo: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifierMatches(stored: Verifier, typed: string): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scryptAsync(typed, Buffer.from(stored.salt, 'base64'), expected.length, stored);
  return timingSafeEqual(actual, expected);
}

export function isVerifier(v: unknown): v is Verifier {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.algo === 'scrypt' && typeof o.salt === 'string' && typeof o.hash === 'string' && [o.N, o.r, o.p].every(Number.isInteger);
}

/** The same, blocking: for the demo generator, which builds its clinic in one synchronous transaction on a worker. */
export function makeVerifierSync(secret: string, cost: ScryptCost): Verifier {
  const salt = randomBytes(16);
  const hash = scryptSync(secret.normalize('NFC'), salt, KEY_LEN, { ...cost, maxmem: 128 * cost.N * cost.r * 2 });
  return { algo: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}
