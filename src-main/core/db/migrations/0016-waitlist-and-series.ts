import type { Migration } from '../migrate';

/**
 * The waitlist (ASAP list) and recurring visits.
 *
 * - `waitlist_entries`: a patient waiting for an earlier or any time, with
 *   their wishes: type, providers (JSON array of ids, [] = anyone able to
 *   perform the type), location (NULL = any), ISO weekdays as a bit mask
 *   (bit d-1 for weekday d, 0 = any day), parts of day (1 morning, 2
 *   afternoon, 0 = any), and a local date range. An entry closes when a visit
 *   is booked from it (`appointment_id`) or when it is no longer wanted.
 * - `appointment_series`: the rule a recurring visit was booked with;
 *   `series_occurrences` links each booked visit to its series and its place
 *   in the rule. The visits themselves are ordinary appointments (own guard,
 *   own reminders, own sync), so nothing about a visit depends on this table.
 *   Neither links to `appointments` by a foreign key: a visit the clinic hub
 *   refuses is removed from the desk while its entry or series stays.
 */
export const m0016: Migration = {
  version: 16,
  name: 'waitlist-and-series',
  up(db) {
    db.exec(`
      CREATE TABLE waitlist_entries (
        id             TEXT PRIMARY KEY,
        patient_id     TEXT NOT NULL REFERENCES patients(id),
        type_id        TEXT NOT NULL REFERENCES appointment_types(id),
        location_id    TEXT REFERENCES locations(id),
        provider_ids   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(provider_ids) AND json_type(provider_ids) = 'array'),
        weekdays       INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127),
        parts_of_day   INTEGER NOT NULL DEFAULT 0 CHECK (parts_of_day BETWEEN 0 AND 3),
        earliest_date  TEXT NOT NULL,
        latest_date    TEXT CHECK (latest_date IS NULL OR latest_date >= earliest_date),
        note           TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL CHECK (status IN ('open', 'booked', 'closed')),
        appointment_id TEXT,
        closed_reason  TEXT,
        version        INTEGER NOT NULL CHECK (version >= 1),
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX waitlist_open_by_type ON waitlist_entries(type_id, created_at) WHERE status = 'open';
      CREATE INDEX waitlist_by_patient ON waitlist_entries(patient_id);

      CREATE TABLE appointment_series (
        id             TEXT PRIMARY KEY,
        patient_id     TEXT NOT NULL REFERENCES patients(id),
        provider_id    TEXT NOT NULL REFERENCES providers(id),
        location_id    TEXT NOT NULL REFERENCES locations(id),
        type_id        TEXT NOT NULL REFERENCES appointment_types(id),
        frequency      TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
        interval       INTEGER NOT NULL CHECK (interval BETWEEN 1 AND 12),
        monthly_by     TEXT CHECK (CASE frequency WHEN 'monthly' THEN coalesce(monthly_by IN ('weekday', 'date'), 0) ELSE monthly_by IS NULL END),
        count          INTEGER CHECK (count IS NULL OR count >= 1),
        until_date     TEXT,
        first_start_at INTEGER NOT NULL,
        version        INTEGER NOT NULL CHECK (version >= 1),
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        CHECK ((count IS NULL) <> (until_date IS NULL))
      ) STRICT;
      CREATE INDEX appointment_series_by_patient ON appointment_series(patient_id);

      CREATE TABLE series_occurrences (
        appointment_id TEXT PRIMARY KEY,
        series_id      TEXT NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence     INTEGER NOT NULL CHECK (occurrence >= 1),
        UNIQUE (series_id, occurrence)
      ) STRICT;
    `);
  },
};
