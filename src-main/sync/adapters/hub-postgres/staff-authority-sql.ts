/**
 * Hub schema version 7, second part: who may change staff accounts. A desk
 * signs in its people itself, so the hub cannot see who sat at it; what it
 * can hold a desk to is the clinic's own list of people. A staff change names
 * its author (`changedBy`), and the hub takes it only when:
 *
 * - the author is an active manager in the hub's copy of the staff list;
 * - or it is a person changing their own PIN or passphrase
 *   (`staff.secret_change` with themself as author), leaving their name, role
 *   and active state as the hub has them;
 * - or it is the clinic's first manager (`staff.first_manager`): a new active
 *   manager, made by nobody or by themself, while the hub has no active
 *   manager at all. Once one exists, a first manager from another desk is
 *   refused: that person is added by a manager.
 *
 * Everything else (a desk enrolling its own manager, a receptionist made
 * manager by a receptionist, a deactivated manager's change) is refused with
 * the reason; the desk lists it under changes that need attention. The
 * previous `check_change` (renamed `check_change_before_staff`) still runs
 * first for every change.
 */
export function staffAuthoritySql(): string {
  return `
    CREATE FUNCTION is_active_manager(staff_id text) RETURNS boolean LANGUAGE sql STABLE SET search_path = frontdesk, pg_temp AS $fn$
      SELECT staff_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM hub_entities x
         WHERE x.entity_type = 'staff' AND x.entity_id = staff_id AND NOT x.removed
           AND x.snapshot->>'role' = 'manager' AND x.snapshot->'active' = 'true'::jsonb)
    $fn$;

    ALTER FUNCTION check_change(jsonb) RENAME TO check_change_before_staff;
    CREATE FUNCTION check_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      r jsonb := check_change_before_staff(ch);
      op text := ch->>'operation';
      eid text := ch->>'entityId';
      rec jsonb := ch->'payload';
      author text := ch->'payload'->>'changedBy';
      cur jsonb;
    BEGIN
      IF r IS NOT NULL OR ch->>'entityType' IS DISTINCT FROM 'staff' THEN RETURN r; END IF;
      SELECT x.snapshot INTO cur FROM hub_entities x WHERE x.entity_type = 'staff' AND x.entity_id = eid;
      IF op = 'staff.first_manager' THEN
        IF EXISTS (SELECT 1 FROM hub_entities x WHERE x.entity_type = 'staff' AND NOT x.removed
                     AND x.snapshot->>'role' = 'manager' AND x.snapshot->'active' = 'true'::jsonb) THEN
          RETURN refusal('has_manager', 'operation', 'the clinic already has a manager at the hub; a manager adds this person');
        END IF;
        IF cur IS NOT NULL OR rec->>'role' <> 'manager' OR rec->'active' <> 'true'::jsonb OR (author IS NOT NULL AND author <> eid) THEN
          RETURN refusal('not_manager', 'changedBy', 'a first manager is a new active manager made by nobody else');
        END IF;
        RETURN NULL;
      END IF;
      IF is_active_manager(author) THEN RETURN NULL; END IF;
      IF op = 'staff.secret_change' AND author = eid AND cur IS NOT NULL AND cur->'active' = 'true'::jsonb
         AND rec->'active' = 'true'::jsonb AND rec->'role' = cur->'role' AND rec->'name' = cur->'name' THEN
        RETURN NULL;
      END IF;
      RETURN refusal('not_manager', 'changedBy', 'only an active manager known to the hub may change staff accounts');
    END
    $fn$;
  `;
}
