import type { EpochMs, ReminderId } from '../../src-shared/domain/ids';
import type { CoreContext } from '../core/context';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import type { DueReminder } from '../core/reminders/rules';
import { ownedByThisDesk, type ReminderClaimer } from '../reminder-delivery/claim';
import type { SyncEngine } from './engine';

/**
 * Exactly one desk sends each reminder, decided in the clinic hub
 * (`frontdesk_api.claim_reminders`, as the desk the hub knows by its login):
 * the first desk to claim a reminder (by visit, offset and due time) holds a
 * lease; another desk may take it only once that lease ran out and it was
 * never settled. A reminder another desk settled is marked the same here, so
 * every desk shows its real state.
 *
 * With a hub configured but unreachable, nothing is claimed and nothing is
 * sent: a desk cannot know whether another desk already sent it. The
 * reminders wait and go out (late, if their visit is still ahead) when the
 * hub is back — never twice. Without a hub, a desk sends what it owns.
 */
const CLAIM = `SELECT id, mine, state, "deskId", "settledAt" FROM frontdesk_api.claim_reminders($1::jsonb)`;

interface ClaimAnswer {
  id: ReminderId;
  mine: boolean;
  state: 'claimed' | 'sent' | 'failed' | 'skipped' | 'cancelled' | null;
  deskId: string | null;
  settledAt: string | null;
}

type Key = Pick<DueReminder, 'appointmentId' | 'offsetMin' | 'dueAt'>;

export function createHubReminderClaimer(sync: () => SyncEngine): ReminderClaimer {
  const keys = new Map<ReminderId, Key>();
  return {
    async claim(due, ctx, now) {
      const engine = sync();
      if (!engine.configured) return ownedByThisDesk.claim(due, ctx, now);
      const pool = engine.hubPool();
      if (!pool) return [];
      const want = due.map((r) => ({ id: r.id, appointment_id: r.appointmentId, offset_min: r.offsetMin, due_at: r.dueAt }));
      let answers: ClaimAnswer[];
      try {
        answers = (await pool.query<ClaimAnswer>(CLAIM, [JSON.stringify(want)])).rows;
      } catch {
        return []; // the hub is away: nothing is sent until it is back
      }
      for (const r of due) keys.set(r.id, r);
      mirrorSettledElsewhere(ctx, answers, now);
      return answers.filter((a) => a.mine).map((a) => a.id);
    },
    async settle(id, state) {
      const key = keys.get(id);
      const pool = sync().hubPool();
      if (!key || !pool) return;
      keys.delete(id);
      if (state === 'scheduled') {
        // Not sent after all (retry later, quiet hours): let any desk take it when it is due again.
        await pool.query(`SELECT frontdesk_api.release_reminder($1, $2, $3)`, [key.appointmentId, key.offsetMin, key.dueAt]);
        return;
      }
      await pool.query(`SELECT frontdesk_api.settle_reminder($1, $2, $3, $4)`, [key.appointmentId, key.offsetMin, key.dueAt, state]);
    },
  };
}

/** Reminders another desk already sent (or settled otherwise) are shown so here, and not looked at again. */
function mirrorSettledElsewhere(ctx: CoreContext, answers: readonly ClaimAnswer[], now: EpochMs): void {
  const done = answers.filter((a) => !a.mine && a.state !== null && a.state !== 'claimed');
  if (done.length === 0) return;
  inWriteTransaction(ctx.db, () => {
    const stmt = prepared(
      ctx.db,
      `UPDATE reminders SET state = ?, sent_at = ?, skip_reason = ?, updated_at = ? WHERE id = ? AND state = 'scheduled'`,
    );
    for (const a of done) {
      stmt.run(a.state, a.state === 'sent' ? Number(a.settledAt) : null, a.state === 'sent' ? null : 'Handled by another workstation.', now, a.id);
    }
  });
}
