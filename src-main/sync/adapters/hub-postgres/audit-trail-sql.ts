/**
 * Hub schema version 8: every desk's audit trail, kept at the clinic hub, so
 * a desk whose disk dies, is wiped, or rewrites its own file cannot take the
 * evidence with it.
 *
 * - `hub_audit`: the rows exactly as the desk chained them (core/audit/chain.ts),
 *   filed under the desk that delivered them (its login, `current_desk()`,
 *   never a value it sends) and keyed by (desk, device, seq): `device` is the
 *   chain's own device id and `seq` the desk's row number. Filing by the
 *   delivering desk means no desk can add to, or get in the way of, another
 *   desk's chains. Append-only: UPDATE, DELETE and TRUNCATE are refused even
 *   for the owner outside the documented maintenance path (`refuse_rewrite`).
 * - `hub_audit_heads`: the last row of each chain, so an append checks its link
 *   with one lookup, and appends to one chain are serialized by its row lock.
 * - `frontdesk_api.append_audit(batch)`: the only way in. Each row must come
 *   after the chain's last row, link to that row's hash, and carry the hash
 *   the hub computes itself from its content (SHA-256 over the same canonical
 *   form as the desk). A row the hub already holds with the same hash is a
 *   re-delivery (accepted, nothing written); with another hash it is refused
 *   as a changed trail. A refusal stops the batch; rows before it are kept.
 * - `frontdesk_api.audit_check()` / `audit_hashes()`: the hub's copy of the
 *   calling desk's chains, re-verified from their content, and their hashes
 *   page by page, so a manager can compare the desk's trail with the hub's.
 */

/** Largest number of audit rows in one append. */
const MAX_AUDIT_BATCH = 2_000;
const MAX_HASH_PAGE = 10_000;

export function auditTrailSql(): string {
  return `
    CREATE TABLE hub_audit (
      desk_id     text NOT NULL REFERENCES hub_desks (desk_id),
      device      text NOT NULL,
      seq         bigint NOT NULL CHECK (seq > 0),
      at          bigint NOT NULL,
      staff_id    text,
      actor       text NOT NULL,
      action      text NOT NULL,
      entity_type text NOT NULL,
      entity_id   text,
      details     text,
      prev_hash   text,
      hash        text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (desk_id, device, seq)
    );
    CREATE TRIGGER hub_audit_append_only BEFORE UPDATE OR DELETE ON hub_audit FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
    CREATE TRIGGER hub_audit_no_truncate BEFORE TRUNCATE ON hub_audit FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();

    CREATE TABLE hub_audit_heads (
      desk_id    text NOT NULL REFERENCES hub_desks (desk_id),
      device     text NOT NULL,
      seq        bigint NOT NULL,
      hash       text NOT NULL,
      at         bigint NOT NULL,
      entries    bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (desk_id, device)
    );

    -- The desk's hash of one row: SHA-256 (hex) of the previous hash, a newline and
    -- JSON.stringify([at, staffId, actor, device, action, entityType, entityId, details]).
    -- to_json escapes text as JSON.stringify does (quote, backslash, \\b \\f \\n \\r \\t, other
    -- control characters as \\u00xx), so both sides seal the same bytes.
    CREATE FUNCTION audit_row_hash(prev text, at bigint, staff_id text, actor text, device text, action text,
                                   entity_type text, entity_id text, details text)
      RETURNS text LANGUAGE sql IMMUTABLE SET search_path = frontdesk, pg_temp AS $fn$
      SELECT encode(sha256(convert_to(
        coalesce(prev, '') || E'\\n' || '[' || at::text
        || ',' || coalesce(to_json(staff_id)::text, 'null')
        || ',' || to_json(actor)::text
        || ',' || to_json(device)::text
        || ',' || to_json(action)::text
        || ',' || to_json(entity_type)::text
        || ',' || coalesce(to_json(entity_id)::text, 'null')
        || ',' || coalesce(to_json(details)::text, 'null') || ']', 'UTF8')), 'hex')
    $fn$;

    CREATE FUNCTION audit_refusal(reason text, seq bigint, message text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
      SELECT jsonb_build_object('outcome', 'refused', 'reason', reason, 'seq', seq, 'message', message)
    $fn$;

    -- One desk's audit rows of one device chain, oldest first. Returns
    -- {outcome: 'stored', stored, duplicates, lastSeq} or the refusal with the same counts.
    CREATE FUNCTION frontdesk_api.append_audit(batch jsonb) RETURNS jsonb
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
    DECLARE
      me text := current_desk();
      x jsonb;
      dev text;
      head hub_audit_heads;
      have_head boolean := false;
      prior_hash text;
      r hub_audit;
      stored integer := 0;
      duplicates integer := 0;
      last_seq bigint := NULL;
      refusal jsonb := NULL;
    BEGIN
      IF jsonb_typeof(batch) IS DISTINCT FROM 'array' OR jsonb_array_length(batch) > ${MAX_AUDIT_BATCH} THEN
        RAISE EXCEPTION 'an audit batch is a list of at most ${MAX_AUDIT_BATCH} entries' USING ERRCODE = '22023';
      END IF;
      FOR x IN SELECT value FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(value, n) ORDER BY n LOOP
        IF jsonb_typeof(x) IS DISTINCT FROM 'object'
           OR jsonb_typeof(x->'seq') IS DISTINCT FROM 'number' OR (x->>'seq') !~ '^[1-9][0-9]{0,17}$'
           OR jsonb_typeof(x->'at') IS DISTINCT FROM 'number' OR (x->>'at') !~ '^-?[0-9]{1,18}$'
           OR jsonb_typeof(x->'device') IS DISTINCT FROM 'string' OR length(x->>'device') NOT BETWEEN 1 AND 100
           OR jsonb_typeof(x->'actor') IS DISTINCT FROM 'string' OR length(x->>'actor') > 200
           OR jsonb_typeof(x->'action') IS DISTINCT FROM 'string' OR length(x->>'action') NOT BETWEEN 1 AND 100
           OR jsonb_typeof(x->'entityType') IS DISTINCT FROM 'string' OR length(x->>'entityType') NOT BETWEEN 1 AND 100
           OR jsonb_typeof(x->'staffId') NOT IN ('string', 'null') OR length(x->>'staffId') > 100
           OR jsonb_typeof(x->'entityId') NOT IN ('string', 'null') OR length(x->>'entityId') > 200
           OR jsonb_typeof(x->'details') NOT IN ('string', 'null') OR octet_length(x->>'details') > 65536
           OR jsonb_typeof(x->'prevHash') NOT IN ('string', 'null') OR (x->>'prevHash') !~ '^[0-9a-f]{64}$'
           OR jsonb_typeof(x->'hash') IS DISTINCT FROM 'string' OR (x->>'hash') !~ '^[0-9a-f]{64}$' THEN
          refusal := audit_refusal('malformed', CASE WHEN (x->>'seq') ~ '^[0-9]{1,18}$' THEN (x->>'seq')::bigint END,
            'an audit entry is not in the form the clinic hub keeps');
          EXIT;
        END IF;
        IF dev IS NULL THEN
          dev := x->>'device';
        ELSIF dev <> x->>'device' THEN
          refusal := audit_refusal('malformed', (x->>'seq')::bigint, 'an audit batch holds the entries of one device');
          EXIT;
        END IF;
        r := ROW(me, dev, (x->>'seq')::bigint, (x->>'at')::bigint, x->>'staffId', x->>'actor', x->>'action',
                 x->>'entityType', x->>'entityId', x->>'details', x->>'prevHash', x->>'hash', now())::hub_audit;
        IF NOT have_head THEN
          INSERT INTO hub_audit_heads (desk_id, device, seq, hash, at, entries) VALUES (me, dev, 0, '', 0, 0) ON CONFLICT DO NOTHING;
          SELECT * INTO head FROM hub_audit_heads WHERE desk_id = me AND device = dev FOR UPDATE;
          have_head := true;
        END IF;
        IF r.seq <= head.seq THEN
          SELECT a.hash INTO prior_hash FROM hub_audit a WHERE a.desk_id = me AND a.device = dev AND a.seq = r.seq;
          -- A re-delivery is the very row the hub holds, field by field (a matching hash alone could be copied onto other content).
          IF prior_hash = r.hash AND EXISTS (
               SELECT 1 FROM hub_audit a WHERE a.desk_id = me AND a.device = dev AND a.seq = r.seq
                  AND a.at = r.at AND a.staff_id IS NOT DISTINCT FROM r.staff_id AND a.actor = r.actor AND a.action = r.action
                  AND a.entity_type = r.entity_type AND a.entity_id IS NOT DISTINCT FROM r.entity_id
                  AND a.details IS NOT DISTINCT FROM r.details AND a.prev_hash IS NOT DISTINCT FROM r.prev_hash) THEN
            duplicates := duplicates + 1;
            last_seq := r.seq;
            CONTINUE;
          END IF;
          IF prior_hash IS NOT NULL THEN
            refusal := audit_refusal('changed', r.seq, format(
              'audit entry %s on this desk differs from the copy the clinic hub already holds: the desk''s audit trail was changed after it was sent', r.seq));
          ELSE
            refusal := audit_refusal('out_of_order', r.seq, format(
              'audit entry %s comes before the last entry the clinic hub holds (%s) but the hub never received it', r.seq, head.seq));
          END IF;
          EXIT;
        END IF;
        IF r.prev_hash IS DISTINCT FROM nullif(head.hash, '') THEN
          refusal := audit_refusal('broken_chain', r.seq, CASE WHEN head.seq = 0
            THEN format('audit entry %s claims earlier entries the clinic hub never received: the start of this desk''s audit trail is missing', r.seq)
            ELSE format('audit entry %s does not follow entry %s, the last one the clinic hub holds: entries are missing or were changed on this desk', r.seq, head.seq) END);
          EXIT;
        END IF;
        IF audit_row_hash(r.prev_hash, r.at, r.staff_id, r.actor, r.device, r.action, r.entity_type, r.entity_id, r.details) <> r.hash THEN
          refusal := audit_refusal('bad_seal', r.seq, format(
            'audit entry %s does not match its own seal: it was changed on this desk after it was written', r.seq));
          EXIT;
        END IF;
        INSERT INTO hub_audit VALUES (r.*);
        head.seq := r.seq;
        head.hash := r.hash;
        head.at := r.at;
        head.entries := head.entries + 1;
        stored := stored + 1;
        last_seq := r.seq;
      END LOOP;
      IF stored > 0 THEN
        UPDATE hub_audit_heads SET seq = head.seq, hash = head.hash, at = head.at, entries = head.entries, updated_at = now()
         WHERE desk_id = me AND device = dev;
      END IF;
      RETURN coalesce(refusal, jsonb_build_object('outcome', 'stored'))
        || jsonb_build_object('stored', stored, 'duplicates', duplicates, 'lastSeq', last_seq);
    END
    $fn$;

    -- The hub's copy of the calling desk's chains, each re-verified from its content:
    -- rows, last entry, and the first entry whose seal or link does not hold (NULL: intact).
    CREATE FUNCTION frontdesk_api.audit_check()
      RETURNS TABLE (device text, "rows" bigint, "lastSeq" bigint, "lastHash" text, "lastAt" bigint, "firstBroken" bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
      WITH me AS (SELECT current_desk() AS id),
      c AS (
        SELECT a.device, a.seq, a.hash, a.at,
               a.hash = audit_row_hash(a.prev_hash, a.at, a.staff_id, a.actor, a.device, a.action, a.entity_type, a.entity_id, a.details)
                 AND a.prev_hash IS NOT DISTINCT FROM lag(a.hash) OVER (PARTITION BY a.device ORDER BY a.seq) AS sound
          FROM hub_audit a, me WHERE a.desk_id = me.id
      )
      SELECT c.device, count(*), max(c.seq), (array_agg(c.hash ORDER BY c.seq DESC))[1], (array_agg(c.at ORDER BY c.seq DESC))[1],
             min(c.seq) FILTER (WHERE NOT c.sound)
        FROM c GROUP BY c.device ORDER BY c.device
    $fn$;

    -- One page of a chain's hashes held for the calling desk, after a row number.
    CREATE FUNCTION frontdesk_api.audit_hashes(of_device text, after bigint, max_rows integer)
      RETURNS TABLE (seq bigint, hash text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = frontdesk, pg_temp AS $fn$
      SELECT a.seq, a.hash FROM hub_audit a
       WHERE a.desk_id = current_desk() AND a.device = of_device AND a.seq > after
       ORDER BY a.seq
       LIMIT least(greatest(max_rows, 1), ${MAX_HASH_PAGE})
    $fn$;
  `;
}
