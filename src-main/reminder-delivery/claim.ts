import type { EpochMs, ReminderId } from '../../src-shared/domain/ids';
import type { CoreContext } from '../core/context';
import { bookingDevices } from '../core/reminders/ownership';
import type { DueReminder } from '../core/reminders/rules';

/**
 * The "claim" step: which due reminders this desk may send now. Pluggable so
 * that a clinic hub can hand each reminder to exactly one desk (a lease in
 * PostgreSQL); the default, for a desk without a hub, is ownership.
 */
export interface ReminderClaimer {
  /** The ids of `due` this desk handles now; the rest are looked at again later. */
  claim(due: readonly DueReminder[], ctx: CoreContext, now: EpochMs): Promise<readonly ReminderId[]>;
  /** Told once this desk has recorded the reminder's state (sent, failed, skipped, cancelled, or back to scheduled). */
  settle?(id: ReminderId, state: 'sent' | 'failed' | 'skipped' | 'cancelled' | 'scheduled'): Promise<void>;
}

/**
 * Without a hub: a desk sends the reminders of the visits it booked (the
 * device on the visit's booking audit row). Visits with no booking row were
 * bulk-loaded on this desk (the demo clinic) and count as its own.
 */
export const ownedByThisDesk: ReminderClaimer = {
  claim(due, ctx) {
    const devices = bookingDevices(ctx.db, [...new Set(due.map((r) => r.appointmentId))]);
    return Promise.resolve(
      due.filter((r) => {
        const device = devices.get(r.appointmentId) ?? null;
        return device === null || device === ctx.actor.device;
      }).map((r) => r.id),
    );
  },
};
