import { APPLY_LOCK, authoritySql } from './authority-sql';
import { patientRecordSql } from './patient-record-sql';
import { visitTimesSql } from './visit-times-sql';
import { listsSql } from './lists-sql';
import { orderedPushSql } from './ordered-push-sql';
import { staffAuthoritySql } from './staff-authority-sql';
import { auditTrailSql } from './audit-trail-sql';
import { setupAuthoritySql } from './setup-authority-sql';

/**
 * The clinic hub's own schema on PostgreSQL, in the `frontdesk` schema, owned
 * by the hub's owner role and migrated forward only by `hub:init` (desks have
 * no privilege to change it; see admin.ts). The rules that keep the schedule
 * whole live here, next to the data:
 *
 * - `hub_appointments` carries two exclusion constraints (btree_gist): no two
 *   live visits of one provider, or in one room, over overlapping busy time.
 *   Cancelled visits and no-shows release their time, as on the desk.
 * - `hub_receipts`: one row per idempotency key with the outcome the hub gave
 *   it, so a change delivered twice gets the same answer twice.
 * - `hub_changes`: the change log desks pull from. Appends take one advisory
 *   lock per batch, so log sequence numbers are assigned and committed in the
 *   same order: a puller reading `seq > cursor` never skips a change that
 *   commits late.
 * - `hub_reminder_claims` (v2): which desk sends each reminder, named by its
 *   visit, offset and due time; the first desk to claim it holds a lease.
 * - v3 (authority-sql.ts): desks, change rules, append-only log, and the
 *   SECURITY DEFINER functions that are all a desk may call.
 * - v4 (visit-times-sql.ts): arrival, seated and done times of a visit.
 * - v5 (lists-sql.ts): waitlist entries and recurring-visit series.
 * - v6 (patient-record-sql.ts): the full patient record, merges, and patient
 *   edits based on an older version refused as conflicts.
 * - v7 (ordered-push-sql.ts, staff-authority-sql.ts): a batch applied in the
 *   desk's order without applying a change past an earlier one it may depend
 *   on; staff changes only from an active manager the hub knows.
 * - v8 (audit-trail-sql.ts): every desk's hash-chained audit trail, append-only.
 * - v9 (setup-authority-sql.ts): set-up changes only from a signed-in person
 *   whose role may make them; staff edits that crossed answered as conflicts.
 *
 * Versions 1 and 2 are kept as they shipped (their tables were created by the
 * first desk, in `public`, owned by the shared hub user); `hub:init` moves
 * such a hub into place before running version 3.
 */
export const HUB_SCHEMA_VERSION = 9;

/** Lock key for migrations. */
export const MIGRATION_LOCK = 7_245_000;

const LIVE = `status NOT IN ('cancelled', 'no_show')`;

export const HUB_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE EXTENSION IF NOT EXISTS btree_gist;

      CREATE TABLE hub_changes (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        idempotency_key uuid NOT NULL UNIQUE,
        desk_id         text NOT NULL,
        entity_type     text NOT NULL,
        entity_id       text NOT NULL,
        operation       text NOT NULL,
        payload         jsonb NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE hub_receipts (
        idempotency_key uuid PRIMARY KEY,
        outcome         text NOT NULL CHECK (outcome IN ('applied', 'conflict')),
        seq             bigint,
        detail          jsonb
      );

      CREATE TABLE hub_appointments (
        id          text PRIMARY KEY,
        version     integer NOT NULL,
        provider_id text NOT NULL,
        room_id     text,
        status      text NOT NULL,
        start_at    bigint NOT NULL,
        end_at      bigint NOT NULL,
        busy        int8range NOT NULL,
        snapshot    jsonb NOT NULL,
        CONSTRAINT hub_appointments_provider_overlap
          EXCLUDE USING gist (provider_id WITH =, busy WITH &&) WHERE (${LIVE}),
        CONSTRAINT hub_appointments_room_overlap
          EXCLUDE USING gist (room_id WITH =, busy WITH &&) WHERE (room_id IS NOT NULL AND ${LIVE})
      );

      -- Everything else a desk changes (patients, set-up), latest state per entity.
      CREATE TABLE hub_entities (
        entity_type text NOT NULL,
        entity_id   text NOT NULL,
        snapshot    jsonb NOT NULL,
        removed     boolean NOT NULL DEFAULT false,
        PRIMARY KEY (entity_type, entity_id)
      );

      -- One change. Returns {outcome: 'applied'} or {outcome: 'conflict', kind, ...}.
      CREATE FUNCTION hub_apply_one(ch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
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
        IF (p->>'busyStartAt') IS NULL OR (p->>'busyEndAt') IS NULL THEN
          -- An unbounded range would overlap everything: refuse the malformed change instead.
          RAISE EXCEPTION 'appointment change without its busy time' USING ERRCODE = '22023';
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
          RETURN jsonb_build_object('outcome', 'conflict', 'kind', 'overlap',
            'on', CASE WHEN constraint_name = 'hub_appointments_room_overlap' THEN 'room' ELSE 'provider' END,
            'competing', competing);
        END;
        RETURN jsonb_build_object('outcome', 'applied');
      END
      $fn$;

      -- A batch of one desk's changes, in its order. Each change gets its own
      -- subtransaction: a change that fails does not take the others with it.
      CREATE FUNCTION hub_apply(batch jsonb, desk text) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        ch jsonb;
        k uuid;
        prior hub_receipts;
        r jsonb;
        new_seq bigint;
        last_seq bigint := NULL;
        results jsonb := '[]'::jsonb;
      BEGIN
        PERFORM pg_advisory_xact_lock(${APPLY_LOCK});
        FOR ch IN SELECT value FROM jsonb_array_elements(batch) LOOP
          k := (ch->>'key')::uuid;
          SELECT * INTO prior FROM hub_receipts WHERE idempotency_key = k;
          IF FOUND THEN
            results := results || jsonb_build_array(coalesce(prior.detail, '{}'::jsonb) || jsonb_build_object(
              'key', k, 'outcome', prior.outcome, 'seq', prior.seq, 'duplicate', true));
            CONTINUE;
          END IF;
          BEGIN
            r := hub_apply_one(ch);
            new_seq := NULL;
            IF r->>'outcome' = 'applied' THEN
              INSERT INTO hub_changes (idempotency_key, desk_id, entity_type, entity_id, operation, payload)
              VALUES (k, desk, ch->>'entityType', ch->>'entityId', ch->>'operation', ch->'payload')
              RETURNING seq INTO new_seq;
              last_seq := new_seq;
            END IF;
            INSERT INTO hub_receipts (idempotency_key, outcome, seq, detail)
            VALUES (k, r->>'outcome', new_seq, r - 'outcome');
            r := r || jsonb_build_object('key', k, 'seq', new_seq, 'duplicate', false);
          EXCEPTION WHEN OTHERS THEN
            r := jsonb_build_object('key', k, 'outcome', 'error', 'sqlstate', SQLSTATE, 'message', SQLERRM);
          END;
          results := results || jsonb_build_array(r);
        END LOOP;
        IF last_seq IS NOT NULL THEN PERFORM pg_notify('hub_changes', last_seq::text); END IF;
        RETURN results;
      END
      $fn$;
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE hub_reminder_claims (
        appointment_id text NOT NULL,
        offset_min     integer NOT NULL,
        due_at         bigint NOT NULL,
        desk_id        text NOT NULL,
        state          text NOT NULL DEFAULT 'claimed'
                       CHECK (state IN ('claimed', 'sent', 'failed', 'skipped', 'cancelled')),
        lease_until    timestamptz NOT NULL,
        settled_at     timestamptz,
        PRIMARY KEY (appointment_id, offset_min, due_at)
      );
    `,
  },
  { version: 3, sql: authoritySql() },
  { version: 4, sql: visitTimesSql() },
  { version: 5, sql: listsSql() },
  { version: 6, sql: patientRecordSql() },
  { version: 7, sql: `${orderedPushSql()}\n${staffAuthoritySql()}` },
  { version: 8, sql: auditTrailSql() },
  { version: 9, sql: setupAuthoritySql() },
];
