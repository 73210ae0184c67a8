import type { AuditVerifyDto } from '@shared/domain/audit';
import type { ReadDb } from '../db/open';
import { auditRowHash } from './chain';

type Problem = 'edited' | 'missing-before' | 'unchained';

/**
 * Walks every device's chain, oldest first, in one read transaction and one
 * pass in table order (each device's head kept in a map: no index lookups, so
 * a large trail reads sequentially): a row whose hash does not match its
 * content was edited; a row that does not link to the device's previous row
 * has rows missing before it (or was inserted); a row without a hash was
 * written around the trail. Reports the earliest broken row of all devices.
 */
export function verifyAuditChain(db: ReadDb): AuditVerifyDto {
  const stmt = db
    .prepare(
      `SELECT seq, at, staff_id, actor, device, action, entity_type, entity_id, details, prev_hash, hash
         FROM audit_log ORDER BY seq`,
    )
    .raw(true);
  let checked = 0;
  /** Each device's last hash; a device whose chain already broke is left out of further checks. */
  const heads = new Map<string, string | null>();
  const broken = new Set<string>();
  let first: { seq: number; device: string; at: number; problem: Problem } | null = null;
  const read = db.transaction(() => {
    for (const r of stmt.iterate() as IterableIterator<
      [number, number, string | null, string, string, string, string, string | null, string | null, string | null, string | null]
    >) {
      const [seq, at, staffId, actor, device, action, entityType, entityId, details, prevHash, hash] = r;
      checked += 1;
      if (broken.has(device)) continue; // only the first break of each device matters
      const head = heads.get(device) ?? null;
      let problem: Problem | null = null;
      if (hash === null) problem = 'unchained';
      else if (prevHash !== head) problem = 'missing-before';
      else if (auditRowHash(prevHash, { at, staffId, actor, device, action, entityType, entityId, details }) !== hash) problem = 'edited';
      if (problem) {
        broken.add(device);
        // Rows come in seq order: the first break found is the earliest.
        first ??= { seq, device, at, problem };
      }
      heads.set(device, hash);
    }
  });
  read.deferred();
  const devices = heads.size;
  return first ? { intact: false, checked, devices, firstBroken: first } : { intact: true, checked, devices };
}
