/**
 * Hub schema version 3: PostgreSQL is the authority. Run by `hub:init` as the
 * hub's owner role, with `search_path = frontdesk`, after the tables of
 * versions 1 and 2 are in the `frontdesk` schema.
 *
 * - `hub_desks`: one row per enrolled desk, keyed by its database login role.
 *   A desk's identity is `session_user` looked up here (`current_desk()`),
 *   never a value it sends. Desks that wrote changes before enrollment
 *   existed are kept as `legacy` rows so every change still names its author.
 * - `change_kinds` / `change_rules`: what each change type may look like
 *   (fields, sizes, ranges, patterns, references). `check_change` reads them;
 *   cross-field rules (start before end…) are written out in it. A new change
 *   type is a new hub version that adds its rows.
 * - `hub_changes` and `hub_receipts` are append-only: a trigger refuses UPDATE,
 *   DELETE and TRUNCATE even for the owner, unless the same transaction ran
 *   `SET LOCAL frontdesk.maintenance = 'on'` (the documented maintenance path).
 * - `frontdesk_api`: the only functions desks may call, SECURITY DEFINER with
 *   a fixed search_path; desks have no privilege on any table.
 */
import { MAX_BUFFER_MIN, MAX_BUSY_SPAN_MIN, MAX_DURATION_MIN } from '@shared/schemas/clinic';

/** Appends to the change log take this advisory lock, so sequence numbers commit in order. */
export const APPLY_LOCK = 7_245_001;

/** Largest batch and page a desk may ask for. */
export const MAX_PUSH_BATCH = 1_000;
const MAX_PULL_PAGE = 5_000;

const MAX_EPOCH = 8_640_000_000_000_000;
export const MAX_INT = 2_147_483_647;
const APPOINTMENT_OPS = ['book', 'reschedule', 'cancel', 'confirm', 'check_in', 'complete', 'no_show', 'resolve'];
const STATUSES = ['booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show'];

export interface Rule {
  field: string;
  kind: 'id' | 'text' | 'int' | 'bool' | 'enum' | 'date' | 'ref' | 'refs' | 'intervals';
  nullable?: boolean;
  minLen?: number;
  maxLen?: number;
  min?: number;
  max?: number;
  choices?: readonly string[];
  pattern?: string;
  ref?: string;
  onlyOps?: readonly string[];
}

const epoch = (field: string): Rule => ({ field, kind: 'int', min: 0, max: MAX_EPOCH });
export const ref = (field: string, type: string, nullable = false): Rule => ({ field, kind: 'ref', ref: type, nullable });
export const text = (field: string, maxLen: number, extra: Partial<Rule> = {}): Rule => ({ field, kind: 'text', maxLen, ...extra });
const name = (field: string, maxLen: number): Rule => text(field, maxLen, { minLen: 1 });
const flag = (field: string): Rule => ({ field, kind: 'bool' });
const COLOUR = '^#[0-9a-fA-F]{6}$';
const ZONE = '^(UTC|[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+)$';

/** One change type: its operations, where its record sits, which field names the entity, and its fields. */
export interface ChangeKind {
  type: string;
  ops: Array<{ op: string; record?: string[] }>;
  idField: string;
  rules: Rule[];
}

/** Per change type, as hub version 3 shipped them. */
const KINDS: readonly ChangeKind[] = [
  {
    type: 'appointment',
    ops: APPOINTMENT_OPS.map((o) => ({ op: `appointment.${o}` })),
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      ref('patientId', 'patient'),
      ref('providerId', 'provider'),
      ref('locationId', 'location'),
      ref('roomId', 'room', true),
      ref('typeId', 'appointment_type'),
      epoch('startAt'),
      epoch('endAt'),
      epoch('busyStartAt'),
      epoch('busyEndAt'),
      { field: 'status', kind: 'enum', choices: STATUSES },
      text('cancelReason', 500, { nullable: true }),
      text('note', 2000),
      { field: 'version', kind: 'int', min: 1, max: MAX_INT },
      { field: 'baseVersion', kind: 'int', min: 0, max: MAX_INT },
      { field: 'teamId', kind: 'id', nullable: true },
      epoch('createdAt'),
      epoch('updatedAt'),
    ],
  },
  {
    type: 'patient',
    ops: [{ op: 'patient.create' }, { op: 'patient.update', record: ['patient'] }],
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      name('givenName', 100),
      name('familyName', 100),
      { field: 'dateOfBirth', kind: 'date' },
      text('phone', 40, { nullable: true }),
      text('phoneDigits', 20, { pattern: '^[0-9]*$' }),
      text('email', 254, { nullable: true }),
      { field: 'preferredChannel', kind: 'enum', choices: ['sms', 'email', 'none'] },
      flag('smsOptOut'),
      flag('emailOptOut'),
      text('notes', 4000),
      epoch('createdAt'),
      epoch('updatedAt'),
    ],
  },
  {
    type: 'location',
    ops: [{ op: 'location.create' }, { op: 'location.update' }],
    idField: 'id',
    rules: [{ field: 'id', kind: 'id' }, name('name', 200), text('zone', 64, { pattern: ZONE }), text('address', 500), text('phone', 40)],
  },
  {
    type: 'room',
    ops: [{ op: 'room.create' }, { op: 'room.update' }],
    idField: 'id',
    rules: [{ field: 'id', kind: 'id' }, ref('locationId', 'location'), name('name', 100), flag('active')],
  },
  {
    type: 'provider',
    ops: [{ op: 'provider.create' }, { op: 'provider.update' }],
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      name('name', 200),
      text('colour', 7, { pattern: COLOUR }),
      text('zone', 64, { pattern: ZONE }),
      flag('active'),
      text('npi', 10, { nullable: true, pattern: '^[0-9]{10}$' }),
    ],
  },
  {
    type: 'appointment_type',
    ops: [{ op: 'appointment_type.create' }, { op: 'appointment_type.update' }],
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      name('name', 100),
      { field: 'durationMin', kind: 'int', min: 5, max: MAX_DURATION_MIN },
      text('colour', 7, { pattern: COLOUR }),
      flag('needsRoom'),
      text('externalCode', 64, { nullable: true }),
      { field: 'bufferBeforeMin', kind: 'int', min: 0, max: MAX_BUFFER_MIN },
      { field: 'bufferAfterMin', kind: 'int', min: 0, max: MAX_BUFFER_MIN },
      flag('active'),
      { field: 'providerIds', kind: 'refs', ref: 'provider', maxLen: 200 },
      { field: 'roomIds', kind: 'refs', ref: 'room', maxLen: 200 },
    ],
  },
  {
    type: 'opening_hours',
    ops: [{ op: 'opening_hours.create' }, { op: 'opening_hours.update' }, { op: 'opening_hours.remove' }],
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      ref('providerId', 'provider'),
      ref('locationId', 'location'),
      { field: 'weekday', kind: 'int', min: 1, max: 7 },
      { field: 'startMin', kind: 'int', min: 0, max: 1440 },
      { field: 'endMin', kind: 'int', min: 0, max: 1440 },
      { field: 'effectiveFrom', kind: 'date' },
      { field: 'effectiveUntil', kind: 'date', nullable: true },
    ],
  },
  {
    type: 'hours_override',
    ops: [{ op: 'hours_override.set' }, { op: 'hours_override.remove' }],
    idField: 'providerId',
    rules: [
      ref('providerId', 'provider'),
      ref('locationId', 'location'),
      { field: 'date', kind: 'date' },
      { field: 'intervals', kind: 'intervals', maxLen: 12, onlyOps: ['hours_override.set'] },
    ],
  },
  {
    type: 'blockout',
    ops: [{ op: 'blockout.create' }, { op: 'blockout.update' }, { op: 'blockout.remove' }],
    idField: 'id',
    rules: [{ field: 'id', kind: 'id' }, ref('providerId', 'provider', true), ref('roomId', 'room', true), epoch('startAt'), epoch('endAt')],
  },
  {
    // Staff accounts travel with their salted scrypt verifier (checked below), never a PIN or passphrase.
    type: 'staff',
    ops: ['create', 'first_manager', 'update', 'deactivate', 'reactivate', 'secret_reset', 'secret_change'].map((o) => ({ op: `staff.${o}` })),
    idField: 'id',
    rules: [
      { field: 'id', kind: 'id' },
      name('name', 100),
      { field: 'role', kind: 'enum', choices: ['reception', 'manager'] },
      flag('active'),
      { field: 'secretKind', kind: 'enum', choices: ['pin', 'passphrase'] },
      epoch('createdAt'),
      epoch('updatedAt'),
      { ...epoch('deactivatedAt'), nullable: true },
      { field: 'version', kind: 'int', min: 1, max: MAX_INT },
      { field: 'changedBy', kind: 'id', nullable: true },
    ],
  },
];

const lit = (s: string | null | undefined): string => (s === null || s === undefined ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const num = (n: number | undefined): string => (n === undefined ? 'NULL' : String(n));
const arr = (xs: readonly string[] | undefined): string => (xs === undefined ? 'NULL' : `ARRAY[${xs.map(lit).join(', ')}]::text[]`);

/** INSERTs of change kinds and rules (a later hub version adds its rows with the same statements). */
export function changeRulesSql(kinds: readonly ChangeKind[]): string {
  return rowsSql(kinds);
}

function rulesSql(): string {
  return rowsSql(KINDS);
}

function rowsSql(KINDS: readonly ChangeKind[]): string {
  const kinds = KINDS.flatMap((k) => k.ops.map((o) => `(${lit(k.type)}, ${lit(o.op)}, ${arr(o.record ?? [])}, ${lit(k.idField)})`));
  const rules = KINDS.flatMap((k) =>
    k.rules.map(
      (r) =>
        `(${lit(k.type)}, ${lit(r.field)}, ${lit(r.kind)}, ${r.nullable ? 'true' : 'false'}, ${num(r.minLen)}, ${num(r.maxLen)}, ${num(r.min)}, ${num(r.max)}, ${arr(r.choices)}, ${lit(r.pattern)}, ${lit(r.ref)}, ${arr(r.onlyOps)})`,
    ),
  );
  return `
    INSERT INTO change_kinds (entity_type, operation, record_path, id_field) VALUES
      ${kinds.join(',\n      ')};
    INSERT INTO change_rules (entity_type, field, kind, nullable, min_len, max_len, min_val, max_val, choices, pattern, ref_type, only_ops) VALUES
      ${rules.join(',\n      ')};`;
}

const LIVE = `status NOT IN ('cancelled', 'no_show')`;

/** The version 3 migration, run as the owner. `owner`, `desks` are quoted role identifiers. */
export function authoritySql(): string {
  return `
    -- Desks. Legacy rows: authors of changes from before enrollment (no login role).
    CREATE TABLE hub_desks (
      desk_id      text PRIMARY KEY,
      name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      role_name    text UNIQUE,
      enrolled_at  timestamptz NOT NULL DEFAULT now(),
      revoked_at   timestamptz,
      last_seen_at timestamptz,
      legacy       boolean NOT NULL DEFAULT false
    );
    INSERT INTO hub_desks (desk_id, name, legacy, revoked_at)
      SELECT DISTINCT desk_id, 'Desk from before enrollment', true, now()
        FROM (SELECT desk_id FROM hub_changes UNION SELECT desk_id FROM hub_reminder_claims) d;
    ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_author FOREIGN KEY (desk_id) REFERENCES hub_desks (desk_id);
    ALTER TABLE hub_reminder_claims ADD CONSTRAINT hub_reminder_claims_desk FOREIGN KEY (desk_id) REFERENCES hub_desks (desk_id);
    -- Who delivered each key, and what it said: a key replayed by another desk or with other content is refused.
    ALTER TABLE hub_receipts ADD COLUMN desk_id text REFERENCES hub_desks (desk_id), ADD COLUMN content_hash text;

    DROP FUNCTION hub_apply(jsonb, text);
    DROP FUNCTION hub_apply_one(jsonb);

    CREATE TABLE change_kinds (
      entity_type text NOT NULL,
      operation   text NOT NULL,
      record_path text[] NOT NULL,
      id_field    text NOT NULL,
      PRIMARY KEY (entity_type, operation)
    );
    CREATE TABLE change_rules (
      entity_type text NOT NULL,
      field       text NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('id', 'text', 'int', 'bool', 'enum', 'date', 'ref', 'refs', 'intervals')),
      nullable    boolean NOT NULL,
      min_len     integer,
      max_len     integer,
      min_val     numeric,
      max_val     numeric,
      choices     text[],
      pattern     text,
      ref_type    text,
      only_ops    text[],
      PRIMARY KEY (entity_type, field)
    );
    ${rulesSql()}

    -- Append-only log and receipts.
    CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF current_setting('frontdesk.maintenance', true) = 'on' THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END IF;
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '42501', HINT = 'Maintenance: SET LOCAL frontdesk.maintenance = ''on'' in the same transaction, as the hub owner.';
    END
    $fn$;
    CREATE TRIGGER hub_changes_append_only BEFORE UPDATE OR DELETE ON hub_changes FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
    CREATE TRIGGER hub_changes_no_truncate BEFORE TRUNCATE ON hub_changes FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();
    CREATE TRIGGER hub_receipts_append_only BEFORE UPDATE OR DELETE ON hub_receipts FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
    CREATE TRIGGER hub_receipts_no_truncate BEFORE TRUNCATE ON hub_receipts FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();

    -- The calling desk (session_user, not a value it sends), or an error that says why not.
    CREATE FUNCTION current_desk() RETURNS text LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE d hub_desks;
    BEGIN
      SELECT * INTO d FROM hub_desks WHERE role_name = session_user::text;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'this database user is not an enrolled Frontdesk desk' USING ERRCODE = '42501';
      END IF;
      IF d.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'this desk was revoked' USING ERRCODE = '28000', HINT = 'frontdesk:revoked';
      END IF;
      RETURN d.desk_id;
    END
    $fn$;

    CREATE FUNCTION refusal(reason text, field text, message text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
      SELECT jsonb_build_object('outcome', 'refused', 'reason', reason, 'field', field, 'message', message)
    $fn$;

    CREATE FUNCTION is_date(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $fn$
    BEGIN
      IF s !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN RETURN false; END IF;
      RETURN to_char(s::date, 'YYYY-MM-DD') = s;
    EXCEPTION WHEN OTHERS THEN
      RETURN false;
    END
    $fn$;

    -- NULL when the change may be applied; otherwise the refusal (reason, field, message).
    CREATE FUNCTION check_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      et text := ch->>'entityType';
      op text := ch->>'operation';
      eid text := ch->>'entityId';
      p jsonb := ch->'payload';
      k change_kinds;
      rec jsonb;
      r change_rules;
      v jsonb;
      s text;
      n numeric;
      e jsonb;
    BEGIN
      IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN RETURN refusal('malformed', 'payload', 'the change has no record'); END IF;
      IF octet_length(p::text) > 65536 THEN RETURN refusal('too_large', 'payload', 'the change is larger than the hub accepts'); END IF;
      SELECT * INTO k FROM change_kinds WHERE entity_type = et AND operation = op;
      IF NOT FOUND THEN RETURN refusal('unknown_kind', 'operation', 'the hub does not know this kind of change'); END IF;
      IF eid IS NULL OR length(eid) NOT BETWEEN 1 AND 64 THEN RETURN refusal('malformed', 'entityId', 'the change does not name its record'); END IF;
      rec := p #> k.record_path;
      IF rec IS NULL OR jsonb_typeof(rec) <> 'object' THEN RETURN refusal('malformed', 'payload', 'the change has no record'); END IF;
      IF rec->>k.id_field IS DISTINCT FROM eid THEN RETURN refusal('id_mismatch', k.id_field, 'the record does not match the change'); END IF;
      FOR r IN SELECT * FROM change_rules WHERE entity_type = et AND (only_ops IS NULL OR op = ANY (only_ops)) LOOP
        v := rec->r.field;
        IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
          IF r.nullable THEN CONTINUE; END IF;
          RETURN refusal('malformed', r.field, format('%s is missing', r.field));
        END IF;
        IF r.kind IN ('id', 'text', 'enum', 'date', 'ref') THEN
          IF jsonb_typeof(v) <> 'string' THEN RETURN refusal('malformed', r.field, format('%s must be text', r.field)); END IF;
          s := v #>> '{}';
          IF r.kind IN ('id', 'ref') AND length(s) NOT BETWEEN 1 AND 64 THEN RETURN refusal('malformed', r.field, format('%s is not a valid reference', r.field)); END IF;
          IF length(s) < coalesce(r.min_len, 0) THEN RETURN refusal('malformed', r.field, format('%s is empty', r.field)); END IF;
          IF length(s) > coalesce(r.max_len, 64) THEN RETURN refusal('too_large', r.field, format('%s is too long (at most %s characters)', r.field, coalesce(r.max_len, 64))); END IF;
          IF r.pattern IS NOT NULL AND s !~ r.pattern THEN RETURN refusal('malformed', r.field, format('%s is not in the expected form', r.field)); END IF;
          IF r.kind = 'enum' AND NOT (s = ANY (r.choices)) THEN RETURN refusal('out_of_range', r.field, format('%s has a value the hub does not accept', r.field)); END IF;
          IF r.kind = 'date' AND (NOT is_date(s) OR s < '1900-01-01' OR s > '2200-12-31') THEN RETURN refusal('out_of_range', r.field, format('%s is not a valid date', r.field)); END IF;
          IF r.kind = 'ref' AND NOT EXISTS (SELECT 1 FROM hub_entities x WHERE x.entity_type = r.ref_type AND x.entity_id = s AND NOT x.removed) THEN RETURN refusal('unknown_reference', r.field, format('%s refers to a %s the hub does not have', r.field, replace(r.ref_type, '_', ' '))); END IF;
        ELSIF r.kind = 'int' THEN
          IF jsonb_typeof(v) <> 'number' THEN RETURN refusal('malformed', r.field, format('%s must be a number', r.field)); END IF;
          n := v::text::numeric;
          IF n <> trunc(n) OR n < r.min_val OR n > r.max_val THEN RETURN refusal('out_of_range', r.field, format('%s is out of range', r.field)); END IF;
        ELSIF r.kind = 'bool' THEN
          IF jsonb_typeof(v) <> 'boolean' THEN RETURN refusal('malformed', r.field, format('%s must be yes or no', r.field)); END IF;
        ELSIF r.kind = 'refs' THEN
          IF jsonb_typeof(v) <> 'array' THEN RETURN refusal('malformed', r.field, format('%s must be a list', r.field)); END IF;
          IF jsonb_array_length(v) > r.max_len THEN RETURN refusal('too_large', r.field, format('%s lists too many records', r.field)); END IF;
          FOR e IN SELECT value FROM jsonb_array_elements(v) LOOP
            IF jsonb_typeof(e) <> 'string' OR length(e #>> '{}') NOT BETWEEN 1 AND 64 THEN RETURN refusal('malformed', r.field, format('%s lists an invalid reference', r.field)); END IF;
            IF NOT EXISTS (SELECT 1 FROM hub_entities x WHERE x.entity_type = r.ref_type AND x.entity_id = e #>> '{}' AND NOT x.removed) THEN RETURN refusal('unknown_reference', r.field, format('%s lists a %s the hub does not have', r.field, replace(r.ref_type, '_', ' '))); END IF;
          END LOOP;
        ELSIF r.kind = 'intervals' THEN
          IF jsonb_typeof(v) <> 'array' THEN RETURN refusal('malformed', r.field, format('%s must be a list', r.field)); END IF;
          IF jsonb_array_length(v) > r.max_len THEN RETURN refusal('too_large', r.field, format('%s has too many intervals', r.field)); END IF;
          FOR e IN SELECT value FROM jsonb_array_elements(v) LOOP
            IF jsonb_typeof(e) <> 'object' OR jsonb_typeof(e->'startMin') IS DISTINCT FROM 'number' OR jsonb_typeof(e->'endMin') IS DISTINCT FROM 'number'
               OR (e->>'startMin')::numeric NOT BETWEEN 0 AND 1440 OR (e->>'endMin')::numeric NOT BETWEEN 0 AND 1440
               OR (e->>'startMin')::numeric >= (e->>'endMin')::numeric THEN
              RETURN refusal('out_of_range', r.field, format('%s has an invalid interval', r.field));
            END IF;
          END LOOP;
        END IF;
      END LOOP;

      -- Rules across fields.
      IF et = 'appointment' THEN
        IF (rec->>'startAt')::bigint >= (rec->>'endAt')::bigint THEN RETURN refusal('out_of_range', 'endAt', 'the visit ends before it starts'); END IF;
        IF (rec->>'busyStartAt')::bigint > (rec->>'startAt')::bigint OR (rec->>'busyEndAt')::bigint < (rec->>'endAt')::bigint THEN
          RETURN refusal('out_of_range', 'busyStartAt', 'the busy time does not cover the visit');
        END IF;
        IF (rec->>'busyEndAt')::bigint - (rec->>'busyStartAt')::bigint > ${MAX_BUSY_SPAN_MIN} * 60000 THEN
          RETURN refusal('out_of_range', 'busyEndAt', 'the visit is longer than any appointment type allows');
        END IF;
        IF (rec->>'version')::int <= (rec->>'baseVersion')::int THEN RETURN refusal('out_of_range', 'version', 'the version does not follow the one changed'); END IF;
      ELSIF et = 'blockout' THEN
        IF (rec->>'startAt')::bigint >= (rec->>'endAt')::bigint THEN RETURN refusal('out_of_range', 'endAt', 'the blocked time ends before it starts'); END IF;
        IF jsonb_typeof(rec->'providerId') IS DISTINCT FROM 'string' AND jsonb_typeof(rec->'roomId') IS DISTINCT FROM 'string' THEN
          RETURN refusal('malformed', 'providerId', 'the blocked time names neither a provider nor a room');
        END IF;
      ELSIF et = 'staff' THEN
        IF rec ?| ARRAY['secret', 'pin', 'passphrase'] THEN RETURN refusal('malformed', 'secret', 'a staff change never carries a PIN or passphrase'); END IF;
        e := rec->'verifier';
        IF jsonb_typeof(e) IS DISTINCT FROM 'object' OR e->>'algo' IS DISTINCT FROM 'scrypt'
           OR EXISTS (SELECT 1 FROM jsonb_object_keys(e) x WHERE x NOT IN ('algo', 'N', 'r', 'p', 'salt', 'hash'))
           OR jsonb_typeof(e->'salt') IS DISTINCT FROM 'string' OR (e->>'salt') !~ '^[A-Za-z0-9+/]{8,64}={0,2}$'
           OR jsonb_typeof(e->'hash') IS DISTINCT FROM 'string' OR (e->>'hash') !~ '^[A-Za-z0-9+/]{16,128}={0,2}$'
           OR jsonb_typeof(e->'N') IS DISTINCT FROM 'number' OR (e->>'N')::numeric NOT BETWEEN 2 AND 1048576
           OR jsonb_typeof(e->'r') IS DISTINCT FROM 'number' OR (e->>'r')::numeric NOT BETWEEN 1 AND 32
           OR jsonb_typeof(e->'p') IS DISTINCT FROM 'number' OR (e->>'p')::numeric NOT BETWEEN 1 AND 16 THEN
          RETURN refusal('malformed', 'verifier', 'the sign-in check is not a salted scrypt hash');
        END IF;
      ELSIF et = 'opening_hours' THEN
        IF (rec->>'startMin')::int >= (rec->>'endMin')::int THEN RETURN refusal('out_of_range', 'endMin', 'the hours close before they open'); END IF;
        IF rec->>'effectiveUntil' IS NOT NULL AND rec->>'effectiveUntil' < rec->>'effectiveFrom' THEN
          RETURN refusal('out_of_range', 'effectiveUntil', 'the last day is before the first');
        END IF;
      END IF;
      RETURN NULL;
    END
    $fn$;

    -- One checked change. Returns {outcome: 'applied'} or {outcome: 'conflict', kind, ...}.
    CREATE FUNCTION apply_change(ch jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      p jsonb := ch->'payload';
      cur hub_appointments;
      exists_now boolean;
      busy_new int8range;
      constraint_name text;
      competing jsonb;
    BEGIN
      IF ch->>'entityType' <> 'appointment' THEN
        INSERT INTO hub_entities (entity_type, entity_id, snapshot, removed)
        VALUES (ch->>'entityType', ch->>'entityId', p, (ch->>'operation') LIKE '%.remove')
        ON CONFLICT (entity_type, entity_id) DO UPDATE SET snapshot = excluded.snapshot, removed = excluded.removed;
        RETURN jsonb_build_object('outcome', 'applied');
      END IF;

      SELECT * INTO cur FROM hub_appointments WHERE id = p->>'id' FOR UPDATE;
      exists_now := FOUND;
      IF exists_now AND cur.version <> (p->>'baseVersion')::int THEN
        RETURN jsonb_build_object('outcome', 'conflict', 'kind', 'version', 'hub', cur.snapshot);
      END IF;
      busy_new := int8range((p->>'busyStartAt')::bigint, (p->>'busyEndAt')::bigint);
      BEGIN
        IF exists_now THEN
          UPDATE hub_appointments SET version = (p->>'version')::int, provider_id = p->>'providerId', room_id = p->>'roomId',
            status = p->>'status', start_at = (p->>'startAt')::bigint, end_at = (p->>'endAt')::bigint, busy = busy_new, snapshot = p
          WHERE id = p->>'id';
        ELSE
          INSERT INTO hub_appointments (id, version, provider_id, room_id, status, start_at, end_at, busy, snapshot)
          VALUES (p->>'id', (p->>'version')::int, p->>'providerId', p->>'roomId', p->>'status',
                  (p->>'startAt')::bigint, (p->>'endAt')::bigint, busy_new, p);
        END IF;
      EXCEPTION WHEN exclusion_violation THEN
        GET STACKED DIAGNOSTICS constraint_name = CONSTRAINT_NAME;
        SELECT jsonb_build_object('appointmentId', a.id, 'providerId', a.provider_id, 'roomId', a.room_id,
                                  'startAt', a.start_at, 'endAt', a.end_at)
          INTO competing
          FROM hub_appointments a
         WHERE a.id <> p->>'id' AND a.${LIVE} AND a.busy && busy_new
           AND CASE WHEN constraint_name = 'hub_appointments_room_overlap' THEN a.room_id = p->>'roomId'
                    ELSE a.provider_id = p->>'providerId' END
         ORDER BY a.start_at LIMIT 1;
        -- A visit the hub already has comes back with the hub's copy: the desk rebases a new time on
        -- the hub's version (not on "never seen"), or keeps the hub's copy.
        RETURN jsonb_build_object('outcome', 'conflict', 'kind', 'overlap',
          'on', CASE WHEN constraint_name = 'hub_appointments_room_overlap' THEN 'room' ELSE 'provider' END,
          'competing', competing, 'hub', CASE WHEN exists_now THEN cur.snapshot END);
      END;
      RETURN jsonb_build_object('outcome', 'applied');
    END
    $fn$;

    -- ── What desks may call ──────────────────────────────────────────────────

    -- The hub and the calling desk, checked on every new connection.
    CREATE FUNCTION frontdesk_api.hello() RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      me text := current_desk();
      d hub_desks;
    BEGIN
      UPDATE hub_desks SET last_seen_at = now() WHERE desk_id = me RETURNING * INTO d;
      RETURN jsonb_build_object(
        'hubId', (SELECT value FROM hub_meta WHERE key = 'hub_id'),
        'schemaVersion', (SELECT value::int FROM hub_meta WHERE key = 'schema_version'),
        'deskId', d.desk_id, 'deskName', d.name);
    END
    $fn$;

    -- A batch of this desk's changes, in its order. Each is checked, then
    -- applied in its own subtransaction: one that fails does not take the
    -- others with it. The author is always the calling desk.
    CREATE FUNCTION frontdesk_api.push(batch jsonb) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      me text := current_desk();
      ch jsonb;
      k uuid;
      h text;
      prior hub_receipts;
      r jsonb;
      new_seq bigint;
      last_seq bigint := NULL;
      results jsonb := '[]'::jsonb;
    BEGIN
      IF jsonb_typeof(batch) IS DISTINCT FROM 'array' OR jsonb_array_length(batch) > ${MAX_PUSH_BATCH} THEN
        RAISE EXCEPTION 'a batch is a list of at most ${MAX_PUSH_BATCH} changes' USING ERRCODE = '22023';
      END IF;
      PERFORM pg_advisory_xact_lock(${APPLY_LOCK});
      FOR ch IN SELECT value FROM jsonb_array_elements(batch) LOOP
        IF jsonb_typeof(ch) IS DISTINCT FROM 'object' OR jsonb_typeof(ch->'key') IS DISTINCT FROM 'string'
           OR ch->>'key' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
          results := results || jsonb_build_array(refusal('malformed', 'key', 'the change has no valid delivery key')
            || jsonb_build_object('key', left(ch->>'key', 64)));
          CONTINUE;
        END IF;
        k := (ch->>'key')::uuid;
        h := md5((ch - 'key')::text);
        SELECT * INTO prior FROM hub_receipts WHERE idempotency_key = k;
        IF FOUND THEN
          IF prior.desk_id IS NOT NULL AND (prior.desk_id <> me OR prior.content_hash <> h) THEN
            r := refusal('key_reused', 'key', 'this delivery key was already used for another change');
          ELSE
            r := coalesce(prior.detail, '{}'::jsonb) || jsonb_build_object('outcome', prior.outcome, 'seq', prior.seq, 'duplicate', true);
          END IF;
          results := results || jsonb_build_array(r || jsonb_build_object('key', k));
          CONTINUE;
        END IF;
        r := check_change(ch);
        IF r IS NOT NULL THEN
          results := results || jsonb_build_array(r || jsonb_build_object('key', k));
          CONTINUE;
        END IF;
        BEGIN
          r := apply_change(ch);
          new_seq := NULL;
          IF r->>'outcome' = 'applied' THEN
            INSERT INTO hub_changes (idempotency_key, desk_id, entity_type, entity_id, operation, payload)
            VALUES (k, me, ch->>'entityType', ch->>'entityId', ch->>'operation', ch->'payload')
            RETURNING seq INTO new_seq;
            last_seq := new_seq;
          END IF;
          INSERT INTO hub_receipts (idempotency_key, outcome, seq, detail, desk_id, content_hash)
          VALUES (k, r->>'outcome', new_seq, r - 'outcome', me, h);
          r := r || jsonb_build_object('key', k, 'seq', new_seq, 'duplicate', false);
        EXCEPTION WHEN OTHERS THEN
          r := jsonb_build_object('key', k, 'outcome', 'error', 'sqlstate', SQLSTATE);
        END;
        results := results || jsonb_build_array(r);
      END LOOP;
      IF last_seq IS NOT NULL THEN PERFORM pg_notify('hub_changes', last_seq::text); END IF;
      RETURN results;
    END
    $fn$;

    -- The change log after a cursor; own: written by the calling desk.
    CREATE FUNCTION frontdesk_api.pull(after bigint, max_rows integer)
      RETURNS TABLE (seq bigint, own boolean, desk_id text, received_at bigint, entity_type text, entity_id text, operation text, payload jsonb)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
      WITH me AS (SELECT current_desk() AS id)
      SELECT c.seq, c.desk_id = me.id, c.desk_id, (extract(epoch FROM c.received_at) * 1000)::bigint,
             c.entity_type, c.entity_id, c.operation, c.payload
        FROM hub_changes c, me
       WHERE c.seq > after
       ORDER BY c.seq
       LIMIT least(greatest(max_rows, 1), ${MAX_PULL_PAGE})
    $fn$;

    -- Reminder claims: the first desk to claim a reminder holds a lease; another
    -- desk may take it only once the lease ran out and it was never settled.
    CREATE FUNCTION frontdesk_api.claim_reminders(want jsonb)
      RETURNS TABLE (id text, mine boolean, state text, "deskId" text, "settledAt" bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    #variable_conflict use_column
    DECLARE me text := current_desk();
    BEGIN
      IF jsonb_typeof(want) IS DISTINCT FROM 'array' OR jsonb_array_length(want) > 1000 OR EXISTS (
        SELECT 1 FROM jsonb_to_recordset(want) AS w(id text, appointment_id text, offset_min int, due_at bigint)
         WHERE w.id IS NULL OR length(w.id) > 64 OR w.appointment_id IS NULL OR length(w.appointment_id) NOT BETWEEN 1 AND 64
            OR w.offset_min IS NULL OR w.offset_min NOT BETWEEN 0 AND 43200 OR w.due_at IS NULL OR w.due_at NOT BETWEEN 0 AND ${MAX_EPOCH}) THEN
        RAISE EXCEPTION 'a claim names at most 1000 reminders by visit, offset and due time' USING ERRCODE = '22023';
      END IF;
      RETURN QUERY
      WITH w AS (
        SELECT * FROM jsonb_to_recordset(want) AS x(id text, appointment_id text, offset_min int, due_at bigint)
      ), won AS (
        INSERT INTO hub_reminder_claims AS c (appointment_id, offset_min, due_at, desk_id, lease_until)
        SELECT w.appointment_id, w.offset_min, w.due_at, me, now() + interval '5 minutes' FROM w
        ON CONFLICT (appointment_id, offset_min, due_at) DO UPDATE
          SET desk_id = excluded.desk_id, lease_until = excluded.lease_until
          WHERE c.state = 'claimed' AND (c.desk_id = excluded.desk_id OR c.lease_until < now())
        RETURNING c.appointment_id, c.offset_min, c.due_at
      )
      SELECT w.id, (won.appointment_id IS NOT NULL), c.state, c.desk_id, (extract(epoch FROM c.settled_at) * 1000)::bigint
        FROM w
        LEFT JOIN won ON won.appointment_id = w.appointment_id AND won.offset_min = w.offset_min AND won.due_at = w.due_at
        LEFT JOIN hub_reminder_claims c ON c.appointment_id = w.appointment_id AND c.offset_min = w.offset_min AND c.due_at = w.due_at;
    END
    $fn$;

    -- Settles a reminder this desk holds (sent, failed, skipped, cancelled).
    CREATE FUNCTION frontdesk_api.settle_reminder(appointment_id text, offset_min integer, due_at bigint, outcome text)
      RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    #variable_conflict use_variable
    DECLARE me text := current_desk();
    BEGIN
      IF outcome IS NULL OR outcome NOT IN ('sent', 'failed', 'skipped', 'cancelled') THEN
        RAISE EXCEPTION 'a reminder is settled as sent, failed, skipped or cancelled' USING ERRCODE = '22023';
      END IF;
      UPDATE hub_reminder_claims c SET state = outcome, settled_at = now()
       WHERE c.appointment_id = appointment_id AND c.offset_min = offset_min AND c.due_at = due_at AND c.desk_id = me;
      RETURN FOUND;
    END
    $fn$;

    -- Gives back a claim this desk holds without sending (retry later, quiet hours).
    CREATE FUNCTION frontdesk_api.release_reminder(appointment_id text, offset_min integer, due_at bigint)
      RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    #variable_conflict use_variable
    DECLARE me text := current_desk();
    BEGIN
      DELETE FROM hub_reminder_claims c
       WHERE c.appointment_id = appointment_id AND c.offset_min = offset_min AND c.due_at = due_at AND c.desk_id = me AND c.state = 'claimed';
      RETURN FOUND;
    END
    $fn$;
  `;
}
