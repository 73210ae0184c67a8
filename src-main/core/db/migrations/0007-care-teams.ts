import type { Migration } from '../migrate';

/**
 * Care-team visits: one visit of a patient with several providers at once is
 * stored as one appointment per provider, linked by `team_id` (the id of the
 * team's lead appointment, which holds the room and the reminders).
 */
export const m0007: Migration = {
  version: 7,
  name: 'care-teams',
  up(db) {
    db.exec(`
      ALTER TABLE appointments ADD COLUMN team_id TEXT;
      CREATE INDEX appointments_team ON appointments(team_id) WHERE team_id IS NOT NULL;
    `);
  },
};
