import type { AuditVerifyDto } from '../../../src-shared/domain/audit';
import type { ReadDb } from '../db/open';
import { auditRowHash } from './chain';

type Problem = 'edited' | 'missing-before' | 'unchained';

/**
 * Walks every device's chain, oldest first, in one read transaction: a row
 * whose hash does not match its content was edited; a row that does not link
 * to the device's previous row has rows missing before it (or was inserted);
 * a row without a hash was written around the trail. Reports the earliest
 * broken row of all devices.
 */
export function verifyAuditChain(db: ReadDb): AuditVerifyDto {
  const stmt = db
    .prepare(
      `SELECT seq, at, staff_id, actor, device, action, entity_type, entity_id, details, prev_hash, hash
         FROM audit_log ORDER BY device, seq`,
    )
    .raw(true);
  let checked = 0;
  let devices = 0;
  let device: string | null = null;
  let head: string | null = null;
  let broken: { seq: number; device: string; at: number; problem: Problem } | null = null;
  let deviceBroken = false;
  const read = db.transaction(() => {
    for (const r of stmt.iterate() as IterableIterator<
      [number, number, string | null, string, string, string, string, string | null, string | null, string | null, string | null]
    >) {
      const [seq, at, staffId, actor, dev, action, entityType, entityId, details, prevHash, hash] = r;
      checked += 1;
      if (dev !== device) {
        device = dev;
        head = null;
        devices += 1;
        deviceBroken = false;
      }
      if (deviceBroken) continue; // only the first break of each device matters
      let problem: Problem | null = null;
      if (hash === null) problem = 'unchained';
      else if (prevHash !== head) problem = 'missing-before';
      else if (auditRowHash(prevHash, { at, staffId, actor, device: dev, action, entityType, entityId, details }) !== hash) problem = 'edited';
      if (problem) {
        deviceBroken = true;
        if (!broken || seq < broken.seq) broken = { seq, device: dev, at, problem };
      }
      head = hash;
    }
  });
  read.deferred();
  return broken ? { intact: false, checked, devices, firstBroken: broken } : { intact: true, checked, devices };
}
