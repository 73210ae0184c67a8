import { renameSync, rmSync } from 'node:fs';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Removes a SQLite database and its WAL/SHM/journal side files. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Puts a closed, checkpointed database in place of another. The side files of
 * the old one go first, so SQLite cannot replay a stale WAL onto the new file.
 */
export function replaceDatabaseFile(from: string, to: string): void {
  removeDatabaseFiles(to);
  renameSync(from, to);
}
