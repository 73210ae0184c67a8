import type { Migration } from '../migrate';

/**
 * Upstream sync with the clinic hub (issue 5).
 *
 * - `sync_conflicts`: a change the hub refused (another desk holds the time:
 *   'overlap'; the visit was changed elsewhere meanwhile: 'version'). The
 *   visit stays on this desk with its patient; later changes of it wait until
 *   the conflict is resolved (rebooked, cancelled, or the hub's version kept).
 *   `detail` is JSON: the competing time, provider and room, never the other
 *   visit's patient.
 * - `sync_state`: one row per key (pull cursor, hub identity, offline-since).
 */
export const m0008: Migration = {
  version: 8,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_conflicts (
        appointment_id TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('overlap', 'version')),
        outbox_seq     INTEGER NOT NULL,
        detail         TEXT NOT NULL,
        detected_at    INTEGER NOT NULL,
        resolved_at    INTEGER,
        resolution     TEXT CHECK (resolution IN ('rebooked', 'cancelled', 'kept-hub', 'kept-mine', 'rejected-online'))
      ) STRICT;
      CREATE INDEX sync_conflicts_open ON sync_conflicts(detected_at) WHERE resolved_at IS NULL;

      CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
