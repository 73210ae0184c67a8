import type { Migration } from '../migrate';

/**
 * Providers' own calendars over CalDAV (src-main/sync/adapters/caldav).
 *
 * - `provider_calendars`: this workstation's connection to a provider's
 *   calendar collection. The password is write-only: it never goes back to the
 *   renderer and is never logged. `last_error` is written for a receptionist.
 * - `calendar_events`: what each calendar holds of our visits — the event we
 *   last delivered (its URL, the provider whose calendar has it, and a
 *   fingerprint of what it says). `ends_at` lets old rows be pruned.
 * - `calendar_push_queue`: visits whose event may be out of date. New visits
 *   are found by their rowid (`sync_state` key `calendarScanAfter`: the last
 *   rowid looked at; new rows get higher ones, and the delete trigger lowers
 *   it when the highest row goes, since SQLite may then reuse that rowid).
 *   Changes and deletions are queued by the triggers below, in the same
 *   transaction as the change itself — a local booking, a visit pulled from
 *   the hub, a hub refusal undoing a booking — so nothing is missed after a
 *   crash and no booking code had to learn about calendars. (A watermark on
 *   appointments.updated_at would miss visits pulled from other desks: they
 *   keep the other desk's clock. An INSERT trigger, even one that does
 *   nothing, made every insert into appointments 2.5 times slower.) The
 *   pusher removes a row only when the calendar holds what the visit says now.
 */
export const m0010: Migration = {
  version: 10,
  name: 'provider-calendars',
  up(db) {
    db.exec(`
      CREATE TABLE provider_calendars (
        provider_id   TEXT PRIMARY KEY REFERENCES providers(id) ON DELETE CASCADE,
        url           TEXT NOT NULL,      -- the calendar collection, ending with '/'
        username      TEXT NOT NULL,
        password      TEXT NOT NULL,      -- write-only
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        last_push_at  INTEGER,
        last_pull_at  INTEGER,
        last_error    TEXT,               -- plain words for the desk; NULL once contact works again
        last_error_at INTEGER
      ) STRICT;

      CREATE TABLE calendar_events (
        appointment_id TEXT PRIMARY KEY,  -- no foreign key: the event outlives a deleted visit until removed
        provider_id    TEXT NOT NULL,     -- whose calendar holds it
        url            TEXT NOT NULL,
        fingerprint    TEXT NOT NULL,
        etag           TEXT,
        ends_at        INTEGER NOT NULL,
        delivered_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX calendar_events_provider ON calendar_events(provider_id);
      CREATE INDEX calendar_events_ends ON calendar_events(ends_at);

      CREATE TABLE calendar_push_queue (
        appointment_id TEXT PRIMARY KEY,
        attempts       INTEGER NOT NULL DEFAULT 0,   -- failed deliveries of this visit alone
        last_error     TEXT
      ) STRICT;

      CREATE TRIGGER calendar_push_after_update AFTER UPDATE OF provider_id, start_at, end_at, status ON appointments
      WHEN EXISTS (SELECT 1 FROM provider_calendars WHERE provider_id IN (NEW.provider_id, OLD.provider_id))
        OR EXISTS (SELECT 1 FROM calendar_events WHERE appointment_id = NEW.id)
      BEGIN
        UPDATE calendar_push_queue SET attempts = 0, last_error = NULL WHERE appointment_id = NEW.id;
        INSERT INTO calendar_push_queue (appointment_id)
          SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM calendar_push_queue WHERE appointment_id = NEW.id);
      END;

      CREATE TRIGGER calendar_push_after_delete AFTER DELETE ON appointments
      BEGIN
        INSERT INTO calendar_push_queue (appointment_id)
          SELECT OLD.id WHERE EXISTS (SELECT 1 FROM calendar_events WHERE appointment_id = OLD.id)
            AND NOT EXISTS (SELECT 1 FROM calendar_push_queue WHERE appointment_id = OLD.id);
        UPDATE sync_state SET value = CAST(OLD.rowid - 1 AS TEXT)
         WHERE key = 'calendarScanAfter' AND CAST(value AS INTEGER) >= OLD.rowid;
      END;
    `);
  },
};
