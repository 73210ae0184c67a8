import { AppError } from '@shared/domain/errors';
import type { Db } from './open';
import { MIGRATIONS, LATEST_VERSION } from './migrations';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Called once, before the first pending migration runs, with the versions it goes between. */
export type BeforeMigrate = (db: Db, from: number, to: number) => void;

/**
 * Forward-only migrations. Each runs in its own
 * IMMEDIATE transaction together with the `user_version` bump, so a crash
 * leaves the database at the previous version, never in between.
 */
export function migrate(db: Db, beforeMigrate?: BeforeMigrate): number {
  assertSupportedVersion(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  // A brand-new file (version 0) has nothing to keep.
  if (beforeMigrate && current > 0 && current < LATEST_VERSION) beforeMigrate(db, current, LATEST_VERSION);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function assertSupportedVersion(db: Db): void {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > LATEST_VERSION) {
    throw new AppError(
      'UNSUPPORTED_VERSION',
      'This clinic database was created by a newer version of Frontdesk. Update Frontdesk on this workstation before opening it.',
      { databaseVersion: found, supportedVersion: LATEST_VERSION },
    );
  }
}
