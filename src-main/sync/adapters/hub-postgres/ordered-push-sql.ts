/**
 * Hub schema version 7, first part: a desk's batch is applied strictly in the
 * desk's own order, and a change is never applied past an earlier change of
 * the batch that did not go through when the two may depend on each other.
 *
 * A desk sends its queued changes in the order it made them, several changes
 * of one record in one batch included (cancel visit X, then book visit Y
 * into X's time: the cancel must be applied first, or Y looks like a double
 * booking). Each change is still checked and applied in its own
 * subtransaction, and answered:
 *
 * - after a change of a record that was not applied (conflict, refusal,
 *   error), that record's later changes in the batch are `held`: not applied,
 *   no receipt, so the desk sends them again once it has settled the first;
 * - after a change that failed with an error (the hub could not apply it; it
 *   may go through next time), every later change of the batch is `held`:
 *   any of them might depend on it, and the desk retries in order.
 *
 * Refusals and conflicts are final answers the desk sets aside for a person
 * to settle, so changes of other records after them still go through.
 */
import { MAX_PUSH_BATCH } from './authority-sql';

export function orderedPushSql(): string {
  return `
    -- The previous push, out of the desks' reach, answers one change at a time (key, receipt, checks, apply, log).
    ALTER FUNCTION frontdesk_api.push(jsonb) RENAME TO push_one_by_one;
    ALTER FUNCTION frontdesk_api.push_one_by_one(jsonb) SET SCHEMA frontdesk;
    DO $do$
    DECLARE desks text := (SELECT value FROM hub_meta WHERE key = 'desk_group_role');
    BEGIN
      IF desks IS NOT NULL THEN EXECUTE format('REVOKE ALL ON FUNCTION push_one_by_one(jsonb) FROM %I', desks); END IF;
    END
    $do$;

    CREATE FUNCTION frontdesk_api.push(batch jsonb) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      ch jsonb;
      ent text;
      r jsonb;
      results jsonb := '[]'::jsonb;
      -- Records (type and id) with a change in this batch that was not applied.
      stopped jsonb := '{}'::jsonb;
      halted boolean := false;
    BEGIN
      PERFORM current_desk();
      IF jsonb_typeof(batch) IS DISTINCT FROM 'array' OR jsonb_array_length(batch) > ${MAX_PUSH_BATCH} THEN
        RAISE EXCEPTION 'a batch is a list of at most ${MAX_PUSH_BATCH} changes' USING ERRCODE = '22023';
      END IF;
      FOR ch IN SELECT value FROM jsonb_array_elements(batch) LOOP
        ent := coalesce(ch->>'entityType', '') || ' ' || coalesce(ch->>'entityId', '');
        IF (halted OR stopped ? ent) AND jsonb_typeof(ch->'key') = 'string' THEN
          r := jsonb_build_object('key', ch->'key', 'outcome', 'held');
        ELSE
          r := push_one_by_one(jsonb_build_array(ch))->0;
          IF r->>'outcome' <> 'applied' THEN stopped := stopped || jsonb_build_object(ent, true); END IF;
          IF r->>'outcome' = 'error' THEN halted := true; END IF;
        END IF;
        results := results || jsonb_build_array(r);
      END LOOP;
      RETURN results;
    END
    $fn$;
  `;
}
