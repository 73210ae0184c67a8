import type Database from 'better-sqlite3';
import { AppError } from '@shared/domain/errors';
import type { WriteDb } from './open';

type Runner = Database.Transaction<(fn: () => unknown) => unknown>;
const runners = new WeakMap<WriteDb, Runner>();

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up
 * front, so read-check-write sequences (the booking guard) of concurrent
 * processes run one after another instead of failing at commit. Throwing
 * inside `fn` rolls everything back. A lock still held by another process
 * after the busy timeout becomes LOCKED, which the receptionist can retry.
 * Nested calls run inside the outer transaction (as a savepoint).
 */
export function inWriteTransaction<T>(db: WriteDb, fn: () => T): T {
  // One transaction wrapper per connection, reused: building one per call costs
  // more than the small statements most transactions here run.
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((f: () => unknown) => f());
    runners.set(db, run);
  }
  try {
    return run.immediate(fn) as T;
  } catch (e) {
    if (isBusy(e)) {
      throw new AppError(
        'LOCKED',
        'Another workstation is saving changes right now. Nothing was saved; please try again in a moment.',
      );
    }
    throw e;
  }
}

function isBusy(e: unknown): boolean {
  if (!(e instanceof Error) || !('code' in e) || typeof e.code !== 'string') return false;
  return e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED');
}
