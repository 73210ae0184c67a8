/**
 * Hub schema version 9: set-up changes checked against their author, staff
 * edits that crossed answered as conflicts, and a refusal that tells the
 * desk what the hub holds.
 *
 * - Set-up (locations, rooms, providers, appointment types, weekly hours,
 *   special days, blockouts) carries its author, the signed-in person's
 *   staff id (`changedBy`). Once the clinic has an active manager at the hub,
 *   a set-up change is taken only from an active person whose role holds the
 *   permission the desk itself asks for that change (`SETUP_PERMISSIONS`,
 *   turned into roles from the shared permission table). A set-up change
 *   without an author is taken only while the hub has no active manager: the
 *   clinic's first desk sends the set-up it was started with before anyone
 *   signed in. Refused: `not_staff` (the author is not an active person the
 *   hub knows, or there is none) and `not_permitted` (their role does not
 *   include this change).
 * - Staff changes name the version they were made on (`baseVersion`). One
 *   made on a version the hub has since replaced (another desk changed the
 *   person meanwhile) is answered as a version conflict with the hub's copy;
 *   the first to reach the hub wins at every desk. Changes from desks that
 *   send no base version are taken as before.
 * - A change refused for who made it (`not_manager`, `has_manager`,
 *   `not_staff`, `not_permitted`) comes back with the hub's copy of the record
 *   (`hub`: `{snapshot, removed}`, or null when the hub never had it), so the
 *   desk goes back to the clinic's version at once.
 *
 * The previous `check_change` (renamed `check_change_before_setup`) still
 * runs first for every change.
 */
import { roleMay, STAFF_ROLES, type Permission } from '@shared/domain/permissions';
import { MAX_INT } from './authority-sql';

/** The permission a desk asks of the signed-in person for each kind of set-up change (as the contract declares it). */
export const SETUP_PERMISSIONS: Readonly<Record<string, Permission>> = {
  location: 'setup.manage',
  room: 'setup.manage',
  provider: 'setup.manage',
  appointment_type: 'setup.manage',
  opening_hours: 'setup.manage',
  hours_override: 'setup.manage',
  blockout: 'schedule.write',
};

/** Refusals about who made a change: the desk goes back to the hub's copy of the record. */
export const AUTHORITY_REFUSALS: readonly string[] = ['not_manager', 'has_manager', 'not_staff', 'not_permitted'];

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function setupRolesRows(): string {
  return Object.entries(SETUP_PERMISSIONS)
    .map(([type, permission]) => `(${lit(type)}, ARRAY[${STAFF_ROLES.filter((r) => roleMay(r, permission)).map(lit).join(', ')}]::text[])`)
    .join(',\n      ');
}

export function setupAuthoritySql(): string {
  const types = Object.keys(SETUP_PERMISSIONS);
  return `
    -- Which roles may make each kind of set-up change.
    CREATE TABLE setup_roles (
      entity_type text PRIMARY KEY,
      roles       text[] NOT NULL
    );
    INSERT INTO setup_roles (entity_type, roles) VALUES
      ${setupRolesRows()};

    -- Fields the checks above read, validated like every other field.
    INSERT INTO change_rules (entity_type, field, kind, nullable, min_val, max_val) VALUES
      ('staff', 'baseVersion', 'int', true, 0, ${MAX_INT});
    INSERT INTO change_rules (entity_type, field, kind, nullable) VALUES
      ${types.map((t) => `(${lit(t)}, 'changedBy', 'id', true)`).join(',\n      ')};

    -- The role of an active person the hub knows, else NULL.
    CREATE FUNCTION active_staff_role(staff_id text) RETURNS text LANGUAGE sql STABLE SET search_path = frontdesk, pg_temp AS $fn$
      SELECT x.snapshot->>'role' FROM hub_entities x
       WHERE staff_id IS NOT NULL AND x.entity_type = 'staff' AND x.entity_id = staff_id AND NOT x.removed
         AND x.snapshot->'active' = 'true'::jsonb
    $fn$;

    CREATE FUNCTION hub_has_manager() RETURNS boolean LANGUAGE sql STABLE SET search_path = frontdesk, pg_temp AS $fn$
      SELECT EXISTS (SELECT 1 FROM hub_entities x WHERE x.entity_type = 'staff' AND NOT x.removed
                       AND x.snapshot->>'role' = 'manager' AND x.snapshot->'active' = 'true'::jsonb)
    $fn$;

    -- The hub's copy of a record ({snapshot, removed}), or NULL when it never had it.
    CREATE FUNCTION hub_copy(et text, eid text) RETURNS jsonb LANGUAGE sql STABLE SET search_path = frontdesk, pg_temp AS $fn$
      SELECT jsonb_build_object('snapshot', x.snapshot, 'removed', x.removed) FROM hub_entities x WHERE x.entity_type = et AND x.entity_id = eid
    $fn$;

    ALTER FUNCTION check_change(jsonb) RENAME TO check_change_before_setup;
    CREATE FUNCTION check_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      r jsonb := check_change_before_setup(ch);
      et text := ch->>'entityType';
      eid text := ch->>'entityId';
      rec jsonb := ch->'payload';
      allowed text[];
      role text;
      cur hub_entities;
    BEGIN
      IF r IS NOT NULL THEN
        IF r->>'reason' IN (${AUTHORITY_REFUSALS.map(lit).join(', ')}) THEN
          RETURN r || jsonb_build_object('hub', hub_copy(et, eid));
        END IF;
        RETURN r;
      END IF;
      IF et = 'staff' THEN
        IF jsonb_typeof(rec->'baseVersion') = 'number' THEN
          SELECT * INTO cur FROM hub_entities x WHERE x.entity_type = 'staff' AND x.entity_id = eid;
          IF FOUND AND (cur.snapshot->>'version')::int IS DISTINCT FROM (rec->>'baseVersion')::int THEN
            RETURN jsonb_build_object('outcome', 'conflict', 'kind', 'version',
              'hub', jsonb_build_object('snapshot', cur.snapshot, 'removed', cur.removed));
          END IF;
        END IF;
        RETURN NULL;
      END IF;
      SELECT s.roles INTO allowed FROM setup_roles s WHERE s.entity_type = et;
      IF NOT FOUND OR NOT hub_has_manager() THEN RETURN NULL; END IF;
      role := active_staff_role(CASE WHEN jsonb_typeof(rec->'changedBy') = 'string' THEN rec->>'changedBy' END);
      IF role IS NULL THEN
        RETURN refusal('not_staff', 'changedBy', 'only an active staff member known to the hub may change the clinic set-up')
          || jsonb_build_object('hub', hub_copy(et, eid));
      END IF;
      IF NOT (role = ANY (allowed)) THEN
        RETURN refusal('not_permitted', 'changedBy', 'this person''s role does not include this change to the clinic set-up')
          || jsonb_build_object('hub', hub_copy(et, eid));
      END IF;
      RETURN NULL;
    END
    $fn$;
  `;
}
