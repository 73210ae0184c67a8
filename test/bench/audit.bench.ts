/**
 * audit.ship.10k — seconds for one desk to send 10,000 audit entries (written
 * while the hub was away) to the clinic hub on a real PostgreSQL, logged in
 * as its own enrolled desk role: `frontdesk_api.append_audit` (SECURITY
 * DEFINER) checking each entry's number, its link to the chain's last entry
 * and its seal (SHA-256 recomputed by the hub), in batches of 500, with the
 * desk's cursor kept after each. Baseline (audit.ship.10k.insert): one
 * batched INSERT of the same 10,000 entries into a plain table on the same
 * server, in the same run. ratio = value / baseline.
 *
 * audit.check.10k — seconds for the manager's check of the hub's copy of those
 * entries (the hub re-verifies every seal a page at a time, the desk checks the
 * links and compares every hash with its own).
 */
import pg from 'pg';
import { recordAudit } from '../../src-main/core/audit';
import { shipAuditTrail } from '../../src-main/sync/audit-shipper';
import { compareAuditWithHub } from '../../src-main/sync/audit-compare';
import { helloHub } from '../../src-main/sync/adapters/hub-postgres/session';
import { startPostgres } from '../helpers/postgres';
import { buildTemplate, cloneDesk, openDesk } from '../helpers/sync-desk';
import { round, tempDir, type BenchResult } from './lib';

const ENTRIES = 10_000;

export default async function auditBench(): Promise<BenchResult[]> {
  const tmp = tempDir();
  const server = await startPostgres();
  try {
    const hub = await server.createHub('auditbench');
    const template = buildTemplate(tmp.dir);
    const url = await hub.enroll('Desk A');
    const a = openDesk(cloneDesk(template.file, tmp.dir, 'a'), url);
    for (let n = 0; n < ENTRIES; n++) {
      recordAudit(a.db, a.ctx.actor, a.ctx.clock.now() + n, { action: 'patient.read', entityType: 'patient', entityId: `patient-${n % 300}`, details: { view: 'panel', n } });
    }
    const total = a.db.prepare(`SELECT COUNT(*) FROM audit_log`).pluck().get() as number;

    // Baseline: the same entries, one INSERT, one round trip.
    const admin = new pg.Client({ connectionString: hub.superUrl });
    await admin.connect();
    await admin.query(`CREATE TABLE plain_audit (device text, seq bigint, at bigint, staff_id text, actor text, action text, entity_type text, entity_id text, details text, prev_hash text, hash text, PRIMARY KEY (device, seq))`);
    const rows = JSON.stringify(
      a.db.prepare(`SELECT device, seq, at, staff_id, actor, action, entity_type, entity_id, details, prev_hash, hash FROM audit_log ORDER BY seq`).all(),
    );
    const t0 = performance.now();
    await admin.query(`INSERT INTO plain_audit SELECT * FROM jsonb_populate_recordset(NULL::plain_audit, $1::jsonb)`, [rows]);
    const insertS = (performance.now() - t0) / 1000;
    await admin.end();

    const desk = new pg.Client({ connectionString: url });
    await desk.connect();
    try {
      const hello = await helloHub(desk);
      const who = { hubId: hello.hubId, deskId: hello.deskId };
      const t1 = performance.now();
      const shipped = await shipAuditTrail(a.ctx, desk, who);
      const shipS = (performance.now() - t1) / 1000;
      if (shipped.stored !== total || shipped.refused) throw new Error(`only ${shipped.stored} of ${total} entries stored (${JSON.stringify(shipped.refused)})`);
      const t2 = performance.now();
      const check = await compareAuditWithHub(a.db, desk, who);
      const checkS = (performance.now() - t2) / 1000;
      if (check.compared !== total || check.firstDifferent !== null || check.hubBroken !== null) throw new Error(`the check found ${JSON.stringify(check)}`);
      return [
        { name: 'audit.ship.10k.insert', value: round(insertS), unit: 's', info: { rows: total } },
        { name: 'audit.ship.10k', value: round(shipS), unit: 's', baseline: 'audit.ship.10k.insert', ratio: round(shipS / insertS, 2), info: { entries: total, batch: 500 } },
        { name: 'audit.check.10k', value: round(checkS), unit: 's', info: { entries: total } },
      ];
    } finally {
      await desk.end();
      await a.close();
    }
  } finally {
    server.stop();
    tmp.cleanup();
  }
}
