import type Database from 'better-sqlite3';
import type { Db } from './open';

export type Statement<Row = unknown> = Database.Statement<unknown[], Row>;

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement reused for the life of the connection. Preparing costs
 * more than running a small statement, and the booking guard runs a dozen of
 * them per booking, so each SQL text is prepared once per connection.
 *
 * The statement is shared by everyone using the same SQL text, so it comes
 * back in its default mode: a caller's `.pluck()` (set right before its own
 * synchronous run) must not turn another module's row reads into values.
 */
export function prepared<Row = unknown>(db: Db, sql: string): Statement<Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, stmt);
  } else if (stmt.reader) {
    stmt.pluck(false);
  }
  return stmt as Statement<Row>;
}
