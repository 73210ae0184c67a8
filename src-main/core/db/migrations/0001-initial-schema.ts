import type { Migration } from '../migrate';

/**
 * The booking core's first schema. Conventions:
 * - ids are TEXT UUIDv7 made on the desk that created the row;
 * - instants are INTEGER epoch ms (UTC); intervals are half-open [start_at, end_at);
 * - local wall-clock times (opening hours) are minutes after local midnight in the
 *   location's zone, dates are ISO `YYYY-MM-DD` local dates;
 * - booleans are INTEGER 0/1 with CHECKs; every table is STRICT.
 */
export const m0001: Migration = {
  version: 1,
  name: 'initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL            -- JSON
      ) STRICT;

      CREATE TABLE locations (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        zone       TEXT NOT NULL,      -- IANA zone, e.g. America/New_York
        address    TEXT NOT NULL DEFAULT '',
        phone      TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE rooms (
        id          TEXT PRIMARY KEY,
        location_id TEXT NOT NULL REFERENCES locations(id),
        name        TEXT NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        UNIQUE (location_id, name)
      ) STRICT;

      CREATE TABLE providers (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        colour     TEXT NOT NULL,      -- #rrggbb
        zone       TEXT NOT NULL,
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        npi        TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE appointment_types (
        id                TEXT PRIMARY KEY,
        name              TEXT NOT NULL UNIQUE,
        duration_min      INTEGER NOT NULL CHECK (duration_min > 0 AND duration_min % 5 = 0),
        colour            TEXT NOT NULL,
        needs_room        INTEGER NOT NULL DEFAULT 0 CHECK (needs_room IN (0, 1)),
        external_code     TEXT,
        buffer_before_min INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_min >= 0),
        buffer_after_min  INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_min >= 0),
        active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;

      -- Which providers may perform a type. No row for a type = nobody may.
      CREATE TABLE appointment_type_providers (
        type_id     TEXT NOT NULL REFERENCES appointment_types(id) ON DELETE CASCADE,
        provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        PRIMARY KEY (type_id, provider_id)
      ) STRICT, WITHOUT ROWID;

      -- Rooms able to host a type that needs one. No row = any active room of the location.
      CREATE TABLE appointment_type_rooms (
        type_id TEXT NOT NULL REFERENCES appointment_types(id) ON DELETE CASCADE,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        PRIMARY KEY (type_id, room_id)
      ) STRICT, WITHOUT ROWID;

      -- Weekly opening hours; several rows per weekday express breaks.
      CREATE TABLE opening_hours (
        id             TEXT PRIMARY KEY,
        provider_id    TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        location_id    TEXT NOT NULL REFERENCES locations(id),
        weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- ISO: 1 = Monday
        start_min      INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
        end_min        INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
        effective_from TEXT NOT NULL,  -- local date, inclusive
        effective_until TEXT,          -- local date, inclusive; NULL = open-ended
        CHECK (end_min > start_min)
      ) STRICT;
      CREATE INDEX opening_hours_provider ON opening_hours(provider_id, weekday);

      -- A date override replaces the weekly hours for that provider, location and date:
      -- kind 'closed' (no hours) or 'special' (one row per special interval).
      CREATE TABLE hours_overrides (
        id          TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        location_id TEXT NOT NULL REFERENCES locations(id),
        date        TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('closed', 'special')),
        start_min   INTEGER CHECK (start_min BETWEEN 0 AND 1440),
        end_min     INTEGER CHECK (end_min BETWEEN 0 AND 1440),
        CHECK ((kind = 'closed' AND start_min IS NULL AND end_min IS NULL)
            OR (kind = 'special' AND start_min IS NOT NULL AND end_min > start_min))
      ) STRICT;
      CREATE INDEX hours_overrides_provider_date ON hours_overrides(provider_id, date);

      CREATE TABLE blockouts (
        id          TEXT PRIMARY KEY,
        provider_id TEXT REFERENCES providers(id) ON DELETE CASCADE,
        room_id     TEXT REFERENCES rooms(id) ON DELETE CASCADE,
        start_at    INTEGER NOT NULL,
        end_at      INTEGER NOT NULL,
        reason      TEXT NOT NULL DEFAULT '',   -- private to the clinic, never sent upstream
        created_at  INTEGER NOT NULL,
        CHECK (provider_id IS NOT NULL OR room_id IS NOT NULL),
        CHECK (end_at > start_at)
      ) STRICT;
      CREATE INDEX blockouts_provider ON blockouts(provider_id, start_at) WHERE provider_id IS NOT NULL;
      CREATE INDEX blockouts_room ON blockouts(room_id, start_at) WHERE room_id IS NOT NULL;

      -- Providers' busy time from their own calendars (CalDAV); no details, only time.
      CREATE TABLE external_busy (
        id          TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        start_at    INTEGER NOT NULL,
        end_at      INTEGER NOT NULL,
        source      TEXT NOT NULL,      -- e.g. caldav:<calendar url>
        CHECK (end_at > start_at)
      ) STRICT;
      CREATE INDEX external_busy_provider ON external_busy(provider_id, start_at);

      CREATE TABLE patients (
        id                TEXT PRIMARY KEY,
        given_name        TEXT NOT NULL CHECK (length(trim(given_name)) > 0),
        family_name       TEXT NOT NULL CHECK (length(trim(family_name)) > 0),
        date_of_birth     TEXT NOT NULL,            -- YYYY-MM-DD
        phone             TEXT,
        phone_digits      TEXT NOT NULL DEFAULT '', -- digits only, for search and duplicate checks
        email             TEXT,
        preferred_channel TEXT NOT NULL DEFAULT 'sms' CHECK (preferred_channel IN ('sms', 'email', 'none')),
        sms_opt_out       INTEGER NOT NULL DEFAULT 0 CHECK (sms_opt_out IN (0, 1)),
        email_opt_out     INTEGER NOT NULL DEFAULT 0 CHECK (email_opt_out IN (0, 1)),
        notes             TEXT NOT NULL DEFAULT '',
        name_key          TEXT NOT NULL,            -- normalised "family given" for duplicate checks
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX patients_name_dob ON patients(name_key, date_of_birth);
      CREATE INDEX patients_phone_dob ON patients(phone_digits, date_of_birth);

      CREATE TABLE appointments (
        id            TEXT PRIMARY KEY,
        patient_id    TEXT NOT NULL REFERENCES patients(id),
        provider_id   TEXT NOT NULL REFERENCES providers(id),
        location_id   TEXT NOT NULL REFERENCES locations(id),
        room_id       TEXT REFERENCES rooms(id),
        type_id       TEXT NOT NULL REFERENCES appointment_types(id),
        start_at      INTEGER NOT NULL,
        end_at        INTEGER NOT NULL,
        -- The time the visit keeps its provider and room busy: [start - buffer before,
        -- end + buffer after) of its type at booking time. Overlap checks use these.
        busy_start_at INTEGER NOT NULL,
        busy_end_at   INTEGER NOT NULL,
        status        TEXT NOT NULL DEFAULT 'booked'
                      CHECK (status IN ('booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show')),
        cancel_reason TEXT,
        note          TEXT NOT NULL DEFAULT '',     -- private
        version       INTEGER NOT NULL DEFAULT 1,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        CHECK (end_at > start_at),
        CHECK (busy_start_at <= start_at AND busy_end_at >= end_at)
      ) STRICT;
      CREATE INDEX appointments_provider_busy ON appointments(provider_id, busy_start_at);
      CREATE INDEX appointments_room_busy ON appointments(room_id, busy_start_at) WHERE room_id IS NOT NULL;
      CREATE INDEX appointments_patient_time ON appointments(patient_id, start_at);
      CREATE INDEX appointments_time ON appointments(start_at);

      CREATE TABLE reminders (
        id             TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
        offset_min     INTEGER NOT NULL CHECK (offset_min > 0),   -- minutes before the visit
        due_at         INTEGER NOT NULL,
        state          TEXT NOT NULL DEFAULT 'scheduled'
                       CHECK (state IN ('scheduled', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
        channel        TEXT CHECK (channel IN ('sms', 'email')),
        attempts       INTEGER NOT NULL DEFAULT 0,
        last_error     TEXT,
        sent_at        INTEGER,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX reminders_due ON reminders(due_at) WHERE state = 'scheduled';
      CREATE INDEX reminders_appointment ON reminders(appointment_id);

      CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        device      TEXT NOT NULL,
        action      TEXT NOT NULL,      -- e.g. appointment.book, patient.read, export.csv
        entity_type TEXT NOT NULL,
        entity_id   TEXT,
        details     TEXT                -- JSON; ids and facts, never PHI
      ) STRICT;
      CREATE INDEX audit_entity ON audit_log(entity_type, entity_id);

      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,  -- UUIDv7
        entity_type     TEXT NOT NULL,
        entity_id       TEXT NOT NULL,
        operation       TEXT NOT NULL,         -- e.g. appointment.book
        payload         TEXT NOT NULL,         -- JSON
        state           TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'in_flight', 'delivered', 'attention', 'resolved')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox(state, seq) WHERE state IN ('pending', 'in_flight');
      CREATE INDEX outbox_entity ON outbox(entity_type, entity_id, seq);
    `);
  },
};
