import type { Migration } from '../migrate';

/**
 * Changes the clinic hub did not take and this desk went back on.
 *
 * - `sync_undone`: a staff or set-up change the hub refused because of who
 *   made it, or a staff change another desk's change overtook. The desk has
 *   put the hub's version back; this row tells the manager what was undone
 *   and why (in the words shown), keeps this desk's version so an overtaken
 *   change can be made again, and is settled when someone re-applies or
 *   dismisses it.
 * - Set-up changes now carry their author (`changedBy`, the signed-in
 *   person) so the hub can check their role. Rows still waiting to be sent
 *   get the author their own audit row named (written in the same
 *   transaction); a change made while nobody was signed in keeps none, which
 *   the hub takes only while the clinic has no manager there.
 */
const SETUP_TYPES = ['location', 'room', 'provider', 'appointment_type', 'opening_hours', 'hours_override', 'blockout'];

export const m0019: Migration = {
  version: 19,
  name: 'hub-undone-changes',
  up(db) {
    db.exec(`
      CREATE TABLE sync_undone (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        entity_type TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        operation   TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('refused', 'overtaken')),
        message     TEXT NOT NULL,
        mine        TEXT NOT NULL,
        undone_at   INTEGER NOT NULL,
        settled_at  INTEGER,
        settled_as  TEXT CHECK (settled_as IN ('reapplied', 'dismissed'))
      ) STRICT;
      CREATE INDEX sync_undone_open ON sync_undone(settled_at, id);

      UPDATE outbox
         SET payload = json_set(payload, '$.changedBy', (
               SELECT a.staff_id FROM audit_log a
                WHERE a.entity_type = outbox.entity_type AND a.entity_id IS outbox.entity_id
                  AND a.action = outbox.operation AND a.at = outbox.created_at
                ORDER BY a.seq DESC LIMIT 1))
       WHERE state IN ('pending', 'in_flight', 'attention')
         AND entity_type IN (${SETUP_TYPES.map((t) => `'${t}'`).join(', ')})
         AND json_type(payload, '$.changedBy') IS NULL;
    `);
  },
};
