import type { CoreContext } from '@main/core/context';
import { prepared } from '@main/core/db/prepared';
import { inWriteTransaction } from '@main/core/db/transaction';
import { busyTimeOf } from './busy-time';
import { queryEvents } from './client';
import { markContact, readConnection, PULL_AHEAD_MS, PULL_BEHIND_MS, replaceBusy, type StoredConnection } from './store';

/**
 * Reads a provider's busy time from their calendar for [now − 1 day,
 * now + 8 weeks) with one time-range query and replaces the provider's rows
 * in `external_busy` in one transaction. The slot engine and the booking
 * guard read those rows as they are. Returns whether the busy time changed.
 * A failure throws a CalendarFailure and leaves the previous busy time.
 */
export async function pullCalendar(ctx: CoreContext, conn: StoredConnection, signal: AbortSignal): Promise<boolean> {
  const now = ctx.clock.now();
  const window = { start: now - PULL_BEHIND_MS, end: now + PULL_AHEAD_MS };
  const objects = await queryEvents(conn, window.start, window.end, signal);
  const zone = prepared<string>(ctx.db, `SELECT zone FROM providers WHERE id = ?`).pluck().get(conn.providerId) ?? 'UTC';
  const busy = busyTimeOf(
    objects.map((o) => o.data),
    window,
    zone,
  );
  if (signal.aborted) return false;
  return inWriteTransaction(ctx.db, () => {
    // Removed or pointed elsewhere while the answer was on its way: that answer is not this calendar's.
    if (readConnection(ctx.db, conn.providerId)?.url !== conn.url) return false;
    const changed = replaceBusy(ctx.db, conn.providerId, busy);
    markContact(ctx.db, conn.providerId, 'pull', ctx.clock.now());
    return changed;
  });
}
