import type { Migration } from '../migrate';
import { auditRowHash, type ChainedFields } from '../../audit/chain';

/**
 * People and a tamper-evident audit trail.
 *
 * - `staff`: the clinic's people. Only a verifier of each person's PIN or
 *   passphrase is kept (scrypt, its parameters stored with it so they can be
 *   raised later). Rows travel to the clinic hub like other records, so a
 *   person signs in at any desk. Names are unique among active staff
 *   (`name_key`: NFKC, case-folded, spaces collapsed), so "pick yourself" is
 *   never ambiguous.
 * - `staff_sign_in_tries`: wrong tries at this desk and the wait they earned,
 *   per person; kept in the database so a restart does not reset them; never synced.
 * - `audit_log` gains the signed-in person (`staff_id`; NULL for the desk's own
 *   work) and a hash chain per device (`prev_hash`, `hash`). Rows written
 *   before this version are chained here, in their order, so the whole trail
 *   verifies from its first row.
 */
export const m0011: Migration = {
  version: 11,
  name: 'staff-and-audit-chain',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        name_key       TEXT NOT NULL,
        role           TEXT NOT NULL CHECK (role IN ('reception', 'manager')),
        active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        secret_kind    TEXT NOT NULL CHECK (secret_kind IN ('pin', 'passphrase')),
        verifier       TEXT NOT NULL,     -- JSON {algo, N, r, p, salt, hash}; never the secret
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        deactivated_at INTEGER,
        version        INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE UNIQUE INDEX staff_active_name ON staff(name_key) WHERE active = 1;

      CREATE TABLE staff_sign_in_tries (
        staff_id       TEXT PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        wrong_in_a_row INTEGER NOT NULL DEFAULT 0,
        waits          INTEGER NOT NULL DEFAULT 0,   -- waits served since the last right secret
        retry_at       INTEGER
      ) STRICT;

      ALTER TABLE audit_log ADD COLUMN staff_id TEXT;
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
      CREATE INDEX audit_device_seq ON audit_log(device, seq);
      CREATE INDEX audit_staff_seq ON audit_log(staff_id, seq) WHERE staff_id IS NOT NULL;
      CREATE INDEX audit_at ON audit_log(at);
    `);

    const rows = db
      .prepare(
        `SELECT seq, at, actor, device, action, entity_type AS entityType, entity_id AS entityId, details
           FROM audit_log ORDER BY seq`,
      )
      .all() as Array<Omit<ChainedFields, 'staffId'> & { seq: number }>;
    const head = new Map<string, string>();
    const write = db.prepare(`UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?`);
    for (const r of rows) {
      const prev = head.get(r.device) ?? null;
      const hash = auditRowHash(prev, { ...r, staffId: null });
      write.run(prev, hash, r.seq);
      head.set(r.device, hash);
    }
  },
};
