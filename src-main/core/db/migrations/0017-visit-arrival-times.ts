import type { Migration } from '../migrate';

/**
 * When the patient arrived, was seated with the provider, and was done: the
 * waiting room reads them, and they travel with the visit to other desks.
 * Seated is a stage of an arrived visit rather than a status of its own, so
 * the visit's status (and what other systems are told about it) stays
 * "checked in" until it is done.
 *
 * Visits already checked in or completed before this version keep the time
 * of that change, which is their last change (neither status can be edited
 * afterwards except by completing it).
 */
export const m0017: Migration = {
  version: 17,
  name: 'visit-arrival-times',
  up(db) {
    db.exec(`
      ALTER TABLE appointments ADD COLUMN arrived_at INTEGER;
      ALTER TABLE appointments ADD COLUMN seated_at INTEGER;
      ALTER TABLE appointments ADD COLUMN done_at INTEGER;
      UPDATE appointments SET arrived_at = updated_at WHERE status = 'checked_in';
      UPDATE appointments SET done_at = updated_at WHERE status = 'completed';
    `);
  },
};
