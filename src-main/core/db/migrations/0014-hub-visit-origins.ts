import type { Migration } from '../migrate';

/**
 * Where and when each visit reached the clinic hub: the desk that sent its
 * first change and the hub's own receipt time, as read from the hub's change
 * log while pulling (this desk's own changes included). A conflict shows them,
 * because the visit that reached the hub first keeps a contested time: the
 * receptionist sees which desk booked it and when, and whom to call.
 */
export const m0014: Migration = {
  version: 14,
  name: 'hub-visit-origins',
  up(db) {
    db.exec(`
      CREATE TABLE hub_visit_origins (
        appointment_id TEXT PRIMARY KEY,
        desk_id        TEXT NOT NULL,
        reached_hub_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
