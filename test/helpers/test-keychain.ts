import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyProtector } from '../../src-main/app/database-key';

/**
 * Stands in for Electron's safeStorage (the OS keychain cannot run here):
 * real AES-256-GCM under a key only this object holds, so what it wraps is
 * unreadable in the database file and only it can unwrap.
 */
export function testKeychain(): KeyProtector {
  const key = randomBytes(32);
  return {
    kind: 'os-keychain',
    protect(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    unprotect(stored) {
      const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12));
      decipher.setAuthTag(stored.subarray(12, 28));
      return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
