import type { Migration } from '../migrate';

/**
 * Changes pulled from the clinic hub that this desk would not apply: they did
 * not parse as the change they claim to be (malformed or forged), or applying
 * them broke a local rule. Each is kept with what was wrong, for Sync › needs
 * attention; the pull cursor moves past it, so later changes keep flowing.
 * `payload` is the change as the hub sent it (cut at 64 KiB), for whoever
 * investigates; only the reason is shown. Keyed by hub and log position, so
 * pulling the same change again does not add a second row.
 */
export const m0013: Migration = {
  version: 13,
  name: 'sync-quarantine',
  up(db) {
    db.exec(`
      CREATE TABLE sync_quarantine (
        hub_id      TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        operation   TEXT NOT NULL,
        reason      TEXT NOT NULL,
        payload     TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        dismissed_at INTEGER,
        PRIMARY KEY (hub_id, seq)
      ) STRICT;
    `);
  },
};
