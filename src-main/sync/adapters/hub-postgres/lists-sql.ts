/**
 * Hub schema version 5: waitlist entries and recurring-visit series travel
 * between desks like patients do (latest state per entity in `hub_entities`,
 * every change in the log). Their fields are checked by the change rules;
 * what the rules' kinds cannot say (lists of weekdays and parts of day, a
 * series' links to its visits, dates in order) is checked by a
 * `check_change` that wraps the previous one, which stays in force for
 * every other kind of change.
 */
import { MAX_SERIES_OCCURRENCES } from '@shared/schemas/waitlist';

const ID = '^[A-Za-z0-9_-]{1,64}$';

export function listsSql(): string {
  return `
    INSERT INTO change_kinds (entity_type, operation, record_path, id_field) VALUES
      ('waitlist_entry', 'waitlist_entry.create', ARRAY[]::text[], 'id'),
      ('waitlist_entry', 'waitlist_entry.update', ARRAY[]::text[], 'id'),
      ('waitlist_entry', 'waitlist_entry.close', ARRAY[]::text[], 'id'),
      ('waitlist_entry', 'waitlist_entry.book', ARRAY[]::text[], 'id'),
      ('waitlist_entry', 'waitlist_entry.reopen', ARRAY[]::text[], 'id'),
      ('appointment_series', 'appointment_series.create', ARRAY[]::text[], 'id');
    INSERT INTO change_rules (entity_type, field, kind, nullable, min_len, max_len, min_val, max_val, choices, pattern, ref_type, only_ops) VALUES
      ('waitlist_entry', 'id', 'id', false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'patientId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'patient', NULL),
      ('waitlist_entry', 'typeId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'appointment_type', NULL),
      ('waitlist_entry', 'providerIds', 'refs', false, NULL, 50, NULL, NULL, NULL, NULL, 'provider', NULL),
      ('waitlist_entry', 'locationId', 'ref', true, NULL, NULL, NULL, NULL, NULL, NULL, 'location', NULL),
      ('waitlist_entry', 'earliestDate', 'date', false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'latestDate', 'date', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'note', 'text', false, NULL, 500, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'status', 'enum', false, NULL, NULL, NULL, NULL, ARRAY['open', 'booked', 'closed'], NULL, NULL, NULL),
      ('waitlist_entry', 'appointmentId', 'id', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'closedReason', 'text', true, NULL, 200, NULL, NULL, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'version', 'int', false, NULL, NULL, 1, 2147483647, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'createdAt', 'int', false, NULL, NULL, 0, 8640000000000000, NULL, NULL, NULL, NULL),
      ('waitlist_entry', 'updatedAt', 'int', false, NULL, NULL, 0, 8640000000000000, NULL, NULL, NULL, NULL),
      ('appointment_series', 'id', 'id', false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('appointment_series', 'patientId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'patient', NULL),
      ('appointment_series', 'providerId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'provider', NULL),
      ('appointment_series', 'locationId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'location', NULL),
      ('appointment_series', 'typeId', 'ref', false, NULL, NULL, NULL, NULL, NULL, NULL, 'appointment_type', NULL),
      ('appointment_series', 'frequency', 'enum', false, NULL, NULL, NULL, NULL, ARRAY['weekly', 'monthly'], NULL, NULL, NULL),
      ('appointment_series', 'interval', 'int', false, NULL, NULL, 1, 12, NULL, NULL, NULL, NULL),
      ('appointment_series', 'monthlyBy', 'enum', true, NULL, NULL, NULL, NULL, ARRAY['weekday', 'date'], NULL, NULL, NULL),
      ('appointment_series', 'count', 'int', true, NULL, NULL, 1, ${MAX_SERIES_OCCURRENCES}, NULL, NULL, NULL, NULL),
      ('appointment_series', 'untilDate', 'date', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('appointment_series', 'firstStartAt', 'int', false, NULL, NULL, 0, 8640000000000000, NULL, NULL, NULL, NULL),
      ('appointment_series', 'version', 'int', false, NULL, NULL, 1, 2147483647, NULL, NULL, NULL, NULL),
      ('appointment_series', 'createdAt', 'int', false, NULL, NULL, 0, 8640000000000000, NULL, NULL, NULL, NULL),
      ('appointment_series', 'updatedAt', 'int', false, NULL, NULL, 0, 8640000000000000, NULL, NULL, NULL, NULL);

    ALTER FUNCTION check_change(jsonb) RENAME TO check_change_before_lists;

    CREATE FUNCTION check_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      et text := ch->>'entityType';
      rec jsonb := ch->'payload';
      first jsonb := check_change_before_lists(ch);
      e jsonb;
    BEGIN
      IF first IS NOT NULL OR et NOT IN ('waitlist_entry', 'appointment_series') THEN RETURN first; END IF;
      IF et = 'waitlist_entry' THEN
        IF jsonb_typeof(rec->'weekdays') IS DISTINCT FROM 'array' OR jsonb_array_length(rec->'weekdays') > 7 THEN
          RETURN refusal('malformed', 'weekdays', 'weekdays must be a list of at most 7 days');
        END IF;
        FOR e IN SELECT value FROM jsonb_array_elements(rec->'weekdays') LOOP
          IF jsonb_typeof(e) <> 'number' OR e::text NOT IN ('1', '2', '3', '4', '5', '6', '7') THEN
            RETURN refusal('out_of_range', 'weekdays', 'weekdays lists a day that does not exist');
          END IF;
        END LOOP;
        IF jsonb_typeof(rec->'partsOfDay') IS DISTINCT FROM 'array' OR jsonb_array_length(rec->'partsOfDay') > 2 THEN
          RETURN refusal('malformed', 'partsOfDay', 'partsOfDay must be a list of at most 2 parts');
        END IF;
        FOR e IN SELECT value FROM jsonb_array_elements(rec->'partsOfDay') LOOP
          IF jsonb_typeof(e) <> 'string' OR (e #>> '{}') NOT IN ('morning', 'afternoon') THEN
            RETURN refusal('out_of_range', 'partsOfDay', 'partsOfDay lists a part of the day the hub does not know');
          END IF;
        END LOOP;
        IF rec->>'latestDate' IS NOT NULL AND rec->>'latestDate' < rec->>'earliestDate' THEN
          RETURN refusal('out_of_range', 'latestDate', 'the latest date is before the earliest');
        END IF;
      ELSE
        IF (rec->>'frequency' = 'monthly') IS DISTINCT FROM (jsonb_typeof(rec->'monthlyBy') = 'string') THEN
          RETURN refusal('malformed', 'monthlyBy', 'a monthly series says how it repeats, a weekly one does not');
        END IF;
        IF (jsonb_typeof(rec->'count') = 'number') = (jsonb_typeof(rec->'untilDate') = 'string') THEN
          RETURN refusal('malformed', 'count', 'a series ends after a count or on a date');
        END IF;
        IF jsonb_typeof(rec->'links') IS DISTINCT FROM 'array' OR jsonb_array_length(rec->'links') > ${MAX_SERIES_OCCURRENCES} THEN
          RETURN refusal('malformed', 'links', 'links must be a list of the series'' visits');
        END IF;
        FOR e IN SELECT value FROM jsonb_array_elements(rec->'links') LOOP
          IF jsonb_typeof(e) <> 'object' OR jsonb_typeof(e->'appointmentId') IS DISTINCT FROM 'string'
             OR (e->>'appointmentId') !~ '${ID}'
             OR jsonb_typeof(e->'occurrence') IS DISTINCT FROM 'number'
             OR (e->>'occurrence')::numeric NOT BETWEEN 1 AND ${MAX_SERIES_OCCURRENCES} THEN
            RETURN refusal('malformed', 'links', 'links names a visit that is not well formed');
          END IF;
        END LOOP;
      END IF;
      RETURN NULL;
    END
    $fn$;
  `;
}
