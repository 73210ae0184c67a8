import type { Migration } from '../migrate';

/**
 * The clinic's EHR over FHIR R4 (src-main/sync/adapters/fhir).
 *
 * - `ehr_connection`: this workstation's connection (one row). `secret` is
 *   write-only and wrapped by the OS keychain (a bearer token or a password);
 *   `capabilities` is what the server's CapabilityStatement said last time
 *   (JSON), NULL when it published none. `last_error` is written for a
 *   receptionist.
 * - `ehr_client_key`: the key pair this desk signs SMART Backend Services
 *   assertions with; the private JWK is wrapped, the public one is shown so
 *   the EHR can register it.
 * - `ehr_mappings`: local provider / location / room / type / patient ↔ the
 *   EHR's Practitioner(Role) / Location / coding / Patient.
 * - `ehr_appointments`: what the EHR holds of each visit: its Appointment id,
 *   the version it answered (for If-Match) and a fingerprint of what was sent.
 * - `ehr_push_queue`: visits whose Appointment may be out of date, with their
 *   state: pending, needs-mapping (waits for a mapping, not a failure),
 *   conflict (the EHR refused it or changed it meanwhile) or attention (kept
 *   failing). Filled like the calendars' queue: new visits found by rowid
 *   (`sync_state` key `ehrScanAfter`), changes and deletions by the triggers
 *   below in the same transaction as the change — local, pulled from the hub
 *   or undone after a hub refusal — and only while an EHR is connected.
 */
export const m0018: Migration = {
  version: 18,
  name: 'ehr-fhir',
  up(db) {
    db.exec(`
      CREATE TABLE ehr_connection (
        id                INTEGER PRIMARY KEY CHECK (id = 1),
        base_url          TEXT NOT NULL,
        auth_kind         TEXT NOT NULL CHECK (auth_kind IN ('smart', 'bearer', 'basic')),
        client_id         TEXT NOT NULL DEFAULT '',
        token_url         TEXT NOT NULL DEFAULT '',
        scope             TEXT NOT NULL DEFAULT '',
        username          TEXT NOT NULL DEFAULT '',
        secret            TEXT NOT NULL DEFAULT '',   -- write-only, wrapped
        mode              TEXT NOT NULL DEFAULT 'hybrid' CHECK (mode IN ('realtime', 'batch', 'hybrid')),
        batch_minutes     INTEGER NOT NULL DEFAULT 15 CHECK (batch_minutes BETWEEN 1 AND 1440),
        send_notes        INTEGER NOT NULL DEFAULT 0 CHECK (send_notes IN (0, 1)),
        capabilities      TEXT,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        last_push_at      INTEGER,
        last_pull_at      INTEGER,
        last_error        TEXT,
        last_error_at     INTEGER
      ) STRICT;

      CREATE TABLE ehr_client_key (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        key_id      TEXT NOT NULL,
        public_jwk  TEXT NOT NULL,
        private_jwk TEXT NOT NULL,   -- wrapped
        created_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE ehr_mappings (
        kind       TEXT NOT NULL CHECK (kind IN ('provider', 'location', 'room', 'type', 'patient')),
        local_id   TEXT NOT NULL,
        reference  TEXT NOT NULL DEFAULT '',
        system     TEXT NOT NULL DEFAULT '',
        code       TEXT NOT NULL DEFAULT '',
        display    TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (kind, local_id)
      ) STRICT;
      CREATE INDEX ehr_mappings_reference ON ehr_mappings(kind, reference);

      CREATE TABLE ehr_appointments (
        appointment_id TEXT PRIMARY KEY,   -- no foreign key: the EHR's copy outlives a deleted visit
        resource_id    TEXT NOT NULL,
        version_id     TEXT,
        fingerprint    TEXT NOT NULL,
        ends_at        INTEGER NOT NULL,
        delivered_at   INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE ehr_push_queue (
        appointment_id TEXT PRIMARY KEY,
        state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'needs-mapping', 'conflict', 'attention')),
        attempts       INTEGER NOT NULL DEFAULT 0,
        last_error     TEXT
      ) STRICT;
      CREATE INDEX ehr_push_queue_state ON ehr_push_queue(state);

      CREATE TRIGGER ehr_push_after_update
      AFTER UPDATE OF patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, status, note ON appointments
      WHEN EXISTS (SELECT 1 FROM ehr_connection)
      BEGIN
        UPDATE ehr_push_queue SET state = 'pending', attempts = 0, last_error = NULL WHERE appointment_id = NEW.id;
        INSERT INTO ehr_push_queue (appointment_id)
          SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM ehr_push_queue WHERE appointment_id = NEW.id);
      END;

      CREATE TRIGGER ehr_push_after_delete AFTER DELETE ON appointments
      BEGIN
        INSERT INTO ehr_push_queue (appointment_id)
          SELECT OLD.id WHERE EXISTS (SELECT 1 FROM ehr_appointments WHERE appointment_id = OLD.id)
            AND NOT EXISTS (SELECT 1 FROM ehr_push_queue WHERE appointment_id = OLD.id);
        UPDATE sync_state SET value = CAST(OLD.rowid - 1 AS TEXT)
         WHERE key = 'ehrScanAfter' AND CAST(value AS INTEGER) >= OLD.rowid;
      END;
    `);
  },
};
