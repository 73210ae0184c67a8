import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import type { AppError } from '@shared/domain/errors';
import { fieldError } from '../validation';

/**
 * The recovery passphrase. The manager types it once; it is stretched with scrypt into an
 * X25519 key pair and only the public half is kept (with the scrypt salt). Every backup gets
 * its own random key, wrapped to that public key: the desk can make backups on its own
 * schedule but cannot open them, and the passphrase alone opens any of them on any computer.
 * The passphrase and the private half are never stored.
 */
export interface RecoveryKey {
  format: 'frontdesk-recovery/1';
  kdf: ScryptParams;
  /** base64 of the raw 32-byte X25519 public key. */
  publicKey: string;
}

export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64, 16 random bytes. */
  salt: string;
}

/** A backup key wrapped to the recovery key: ephemeral X25519 + HKDF-SHA256 + AES-256-GCM. */
export interface WrappedKey {
  alg: 'x25519-hkdf-sha256-aes256gcm';
  ephemeralPublicKey: string;
  nonce: string;
  ciphertext: string;
  tag: string;
}

/** A backup key wrapped by this desk's own database key, so this computer opens its backups without the passphrase. */
export interface LocalWrappedKey {
  alg: 'hkdf-sha256-aes256gcm';
  nonce: string;
  ciphertext: string;
  tag: string;
}

// OWASP's scrypt recommendation (N=2^17, r=8, p=1): about 128 MiB and a fraction of a second, once per passphrase use.
const SCRYPT: Omit<ScryptParams, 'salt'> = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 };
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const WRAP_INFO = 'frontdesk-backup-key/1';
const LOCAL_INFO = 'frontdesk-backup-key-local/1';


export function createRecoveryKey(passphrase: string): RecoveryKey {
  const kdf: ScryptParams = { ...SCRYPT, salt: randomBytes(16).toString('base64') };
  return { format: 'frontdesk-recovery/1', kdf, publicKey: rawPublicKey(createPublicKey(privateKeyFrom(passphrase, kdf))).toString('base64') };
}

/** True when the passphrase is the one this recovery key was made from. */
export function passphraseMatches(passphrase: string, recovery: RecoveryKey): boolean {
  return rawPublicKey(createPublicKey(privateKeyFrom(passphrase, recovery.kdf))).toString('base64') === recovery.publicKey;
}

export function wrapBackupKey(backupKey: Buffer, recovery: RecoveryKey): WrappedKey {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const recipient = Buffer.from(recovery.publicKey, 'base64');
  const kek = wrapKeyFrom(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyFrom(recipient) }), ephemeralPublic, recipient);
  const sealed = seal(kek, backupKey, WRAP_INFO);
  return { alg: 'x25519-hkdf-sha256-aes256gcm', ephemeralPublicKey: ephemeralPublic.toString('base64'), ...sealed };
}

/** The backup key, or VALIDATION (field `passphrase`) when the passphrase is not the one the backup was made for. */
export function unwrapBackupKey(wrapped: WrappedKey, kdf: ScryptParams, passphrase: string): Buffer {
  const privateKey = privateKeyFrom(passphrase, kdf);
  const recipient = rawPublicKey(createPublicKey(privateKey));
  const ephemeral = Buffer.from(wrapped.ephemeralPublicKey, 'base64');
  const kek = wrapKeyFrom(diffieHellman({ privateKey, publicKey: publicKeyFrom(ephemeral) }), ephemeral, recipient);
  const key = open(kek, wrapped, WRAP_INFO);
  if (!key) throw wrongPassphrase();
  return key;
}

export function wrapLocal(backupKey: Buffer, deskKey: string): LocalWrappedKey {
  return { alg: 'hkdf-sha256-aes256gcm', ...seal(localKeyFrom(deskKey), backupKey, LOCAL_INFO) };
}

/** The backup key when this desk's database key made the backup; null otherwise. */
export function unwrapLocal(wrapped: LocalWrappedKey, deskKey: string): Buffer | null {
  return open(localKeyFrom(deskKey), wrapped, LOCAL_INFO);
}

function wrongPassphrase(): AppError {
  return fieldError('passphrase', 'That recovery passphrase does not open this backup. Check it and try again (it is case-sensitive).');
}

function privateKeyFrom(passphrase: string, kdf: ScryptParams): KeyObject {
  const seed = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r });
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyFrom(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length);
}

function wrapKeyFrom(shared: Buffer, ephemeralPublic: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipient]), WRAP_INFO, 32));
}

function localKeyFrom(deskKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(deskKey, 'hex'), Buffer.alloc(0), LOCAL_INFO, 32));
}

function seal(key: Buffer, plain: Buffer, aad: string): { nonce: string; ciphertext: string; tag: string } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

function open(key: Buffer, sealed: { nonce: string; ciphertext: string; tag: string }, aad: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}
