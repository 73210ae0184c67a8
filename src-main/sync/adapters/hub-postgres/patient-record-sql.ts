/**
 * Hub schema version 6: the full patient record, merges, and edits that
 * cannot overwrite each other. Run by `hub:init` as the owner after version 5.
 *
 * - The patient record's new fields (address, alert, insurance, responsible
 *   person, household, version, merged-into) join the change rules. All may
 *   be absent, so a desk that predates them keeps working.
 * - `patient.merge` (the merged record as a tombstone) and `patient.unmerge`
 *   (it back, with the rows to move back) are new operations; other desks
 *   move their own rows when they apply them.
 * - `check_change` keeps its field checks (renamed `check_change_fields`) and
 *   adds the patient's cross-field rules: nobody answers for themself, no
 *   cycle of responsible persons, a merge names the record it went into, and
 *   a version follows the one it changed.
 * - `apply_change` refuses a patient change based on another version than the
 *   hub's (another desk changed the record first) as a version conflict with
 *   the hub's copy; the desk keeps both or asks. A change without
 *   `baseVersion` (an older desk) is applied as before.
 */
import { changeRulesSql, MAX_INT, ref, text, type ChangeKind } from './authority-sql';

/** Longest chain of responsible persons the hub walks looking for a cycle. */
const MAX_GUARDIAN_CHAIN = 64;

const CODE = '^[A-Za-z0-9][A-Za-z0-9 -]*$';

const PATIENT_RECORD: ChangeKind = {
  type: 'patient',
  ops: [
    { op: 'patient.merge', record: ['patient'] },
    { op: 'patient.unmerge', record: ['patient'] },
  ],
  idField: 'id',
  rules: [
    text('addressLine1', 120, { nullable: true }),
    text('addressLine2', 120, { nullable: true }),
    text('city', 80, { nullable: true }),
    text('region', 80, { nullable: true }),
    text('postalCode', 12, { nullable: true, pattern: `(^$)|(${CODE})` }),
    text('alert', 200, { nullable: true }),
    text('insurancePayer', 100, { nullable: true }),
    text('insuranceMemberId', 30, { nullable: true, pattern: `(^$)|(${CODE})` }),
    text('insuranceGroup', 30, { nullable: true }),
    text('insuranceSubscriber', 100, { nullable: true }),
    ref('guardianId', 'patient', true),
    { field: 'householdId', kind: 'id', nullable: true },
    { field: 'version', kind: 'int', min: 1, max: MAX_INT, nullable: true },
    ref('mergedInto', 'patient', true),
  ],
};

export function patientRecordSql(): string {
  return `
    ${changeRulesSql([PATIENT_RECORD])}

    ALTER FUNCTION check_change(jsonb) RENAME TO check_change_fields;
    CREATE FUNCTION check_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      r jsonb := check_change_fields(ch);
      op text := ch->>'operation';
      rec jsonb;
      base jsonb;
      at text;
      steps integer := 0;
    BEGIN
      IF r IS NOT NULL OR ch->>'entityType' IS DISTINCT FROM 'patient' THEN RETURN r; END IF;
      rec := CASE WHEN op = 'patient.create' THEN ch->'payload' ELSE ch->'payload'->'patient' END;
      base := ch->'payload'->'baseVersion';
      IF base IS NOT NULL AND (jsonb_typeof(base) <> 'number' OR (base #>> '{}')::numeric NOT BETWEEN 0 AND ${MAX_INT}
                               OR (base #>> '{}')::numeric <> trunc((base #>> '{}')::numeric)) THEN
        RETURN refusal('malformed', 'baseVersion', 'baseVersion is not a version');
      END IF;
      IF base IS NOT NULL AND rec->'version' IS NOT NULL AND (rec->>'version')::int <= (base #>> '{}')::int THEN
        RETURN refusal('out_of_range', 'version', 'the version does not follow the one changed');
      END IF;
      IF rec->>'mergedInto' = rec->>'id' THEN RETURN refusal('out_of_range', 'mergedInto', 'a record cannot be merged into itself'); END IF;
      IF op = 'patient.merge' AND rec->>'mergedInto' IS NULL THEN RETURN refusal('malformed', 'mergedInto', 'a merge names the record kept'); END IF;
      IF op = 'patient.unmerge' AND rec->>'mergedInto' IS NOT NULL THEN RETURN refusal('malformed', 'mergedInto', 'an undone merge leaves the record on its own'); END IF;
      at := rec->>'guardianId';
      IF at = rec->>'id' THEN RETURN refusal('out_of_range', 'guardianId', 'a patient cannot be their own responsible person'); END IF;
      WHILE at IS NOT NULL AND steps < ${MAX_GUARDIAN_CHAIN} LOOP
        SELECT coalesce(x.snapshot->'patient', x.snapshot)->>'guardianId' INTO at
          FROM hub_entities x WHERE x.entity_type = 'patient' AND x.entity_id = at;
        IF at = rec->>'id' THEN RETURN refusal('out_of_range', 'guardianId', 'the responsible persons would form a circle'); END IF;
        steps := steps + 1;
      END LOOP;
      RETURN NULL;
    END
    $fn$;

    ALTER FUNCTION apply_change(jsonb) RENAME TO apply_change_record;
    CREATE FUNCTION apply_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      cur jsonb;
    BEGIN
      IF ch->>'entityType' = 'patient' AND ch->>'operation' <> 'patient.create' AND ch->'payload'->'baseVersion' IS NOT NULL THEN
        SELECT coalesce(x.snapshot->'patient', x.snapshot) INTO cur
          FROM hub_entities x WHERE x.entity_type = 'patient' AND x.entity_id = ch->>'entityId' FOR UPDATE;
        IF FOUND AND coalesce((cur->>'version')::int, 1) <> (ch->'payload'->>'baseVersion')::int THEN
          RETURN jsonb_build_object('outcome', 'conflict', 'kind', 'version', 'hub', cur);
        END IF;
      END IF;
      RETURN apply_change_record(ch);
    END
    $fn$;
  `;
}
