import type { Migration } from '../migrate';

/**
 * Reminder delivery (issue 6). A reminder row moves
 * scheduled → sending → sent | failed | skipped (or back to scheduled for a retry):
 * - `claim_id` / `lease_owner` / `lease_until`: the send in flight. A row is claimed in a
 *   write transaction before the network call; the outcome is recorded only by the holder of
 *   that claim. A lease that ran out (the desk stopped mid-send) is taken back by the runner.
 * - `next_attempt_at`: not before this instant (retry backoff, quiet hours, another desk's row).
 * - `late`: sent after its moment because the desk was off; `skip_reason`: why it was not sent.
 * `reminder_attempts` keeps one row per attempt and outcome (never the message text).
 * `appointment_types.reminder_offsets_min`: a type's own cadence (JSON array); NULL = the clinic's.
 */
export const m0009: Migration = {
  version: 9,
  name: 'reminder-delivery',
  up(db) {
    db.exec(`
      ALTER TABLE reminders ADD COLUMN claim_id TEXT;
      ALTER TABLE reminders ADD COLUMN lease_owner TEXT;
      ALTER TABLE reminders ADD COLUMN lease_until INTEGER;
      ALTER TABLE reminders ADD COLUMN next_attempt_at INTEGER;
      ALTER TABLE reminders ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
      ALTER TABLE reminders ADD COLUMN skip_reason TEXT;
      CREATE INDEX reminders_leases ON reminders(lease_until) WHERE state = 'sending';

      ALTER TABLE appointment_types ADD COLUMN reminder_offsets_min TEXT;

      CREATE TABLE reminder_attempts (
        id          INTEGER PRIMARY KEY,
        reminder_id TEXT NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
        attempt     INTEGER NOT NULL,
        at          INTEGER NOT NULL,
        channel     TEXT CHECK (channel IN ('sms', 'email')),
        outcome     TEXT NOT NULL CHECK (outcome IN ('sent', 'failed', 'retry', 'skipped', 'deferred', 'interrupted', 'resend')),
        reason      TEXT,
        device      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reminder_attempts_reminder ON reminder_attempts(reminder_id, id);
    `);
  },
};
