import Database from 'better-sqlite3';
import type { StaffId } from '@shared/domain/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSearch, recordAudit, verifyAuditChain, queryAudit, patientAccess } from '@main/core/audit';
import { MIGRATIONS } from '@main/core/db/migrations';
import { openDatabase } from '@main/core/db/open';
import { getPatient, searchPatients } from '@main/core/patients';
import { buildClinic, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { addTestStaff } from '../../../helpers/staff';
import { openTempDb, tempDbFile } from '../../../helpers/tempdb';

/**
 * The audit trail names the person and the device, and is hash-chained per
 * device: an edited row, a removed row and a row written around the trail are
 * each found by `verifyAuditChain`, which reports the first broken link.
 */
let temp: ReturnType<typeof openTempDb>;
let f: ClinicFixture;

beforeEach(() => {
  temp = openTempDb();
  f = buildClinic(temp.db);
});
afterEach(() => temp.cleanup());

const write = (device: string, n: number, staffId: StaffId | null = null): void => {
  for (let i = 0; i < n; i++) {
    recordAudit(temp.db, { user: staffId ?? 'desk', staffId, device }, f.ctx.clock.now() + i, {
      action: 'test.row',
      entityType: 'test',
      entityId: `${device}-${i}`,
      details: { i },
    });
  }
};

const seqOf = (device: string, i: number): number =>
  temp.db.prepare(`SELECT seq FROM audit_log WHERE device = ? AND entity_id = ?`).pluck().get(device, `${device}-${i}`) as number;

describe('audit chain', () => {
  it('names the person and the device, and verifies intact', () => {
    const staff = addTestStaff(f.ctx);
    write('desk-a', 5, staff.reception);
    write('desk-b', 3);
    const row = temp.db.prepare(`SELECT staff_id, device, prev_hash, hash FROM audit_log WHERE device = 'desk-a' ORDER BY seq LIMIT 1 OFFSET 1`).get() as {
      staff_id: string;
      device: string;
      prev_hash: string;
      hash: string;
    };
    expect(row).toMatchObject({ staff_id: staff.reception, device: 'desk-a' });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: true, devices: 3 }); // the fixture's own device too
  });

  it('finds a row edited with raw SQL', () => {
    write('desk-a', 5);
    write('desk-b', 5);
    const seq = seqOf('desk-b', 2);
    temp.db.prepare(`UPDATE audit_log SET details = '{"i":99}' WHERE seq = ?`).run(seq);
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: false, firstBroken: { seq, device: 'desk-b', problem: 'edited' } });
  });

  it('finds who was changed on a row even when its hash is recomputed alone (the next row no longer links)', () => {
    write('desk-a', 5);
    const seq = seqOf('desk-a', 1);
    temp.db.prepare(`UPDATE audit_log SET staff_id = 'someone-else', hash = 'f00d' WHERE seq = ?`).run(seq);
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: false, firstBroken: { seq, problem: 'edited' } });
  });

  it('finds a removed row and a row written around the trail', () => {
    write('desk-a', 5);
    temp.db.prepare(`DELETE FROM audit_log WHERE seq = ?`).run(seqOf('desk-a', 2));
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: false, firstBroken: { seq: seqOf('desk-a', 3), problem: 'missing-before' } });

    temp.cleanup();
    temp = openTempDb();
    f = buildClinic(temp.db);
    write('desk-a', 2);
    temp.db
      .prepare(`INSERT INTO audit_log (at, actor, device, action, entity_type) VALUES (?, 'x', 'desk-a', 'patient.read', 'patient')`)
      .run(f.ctx.clock.now());
    expect(verifyAuditChain(temp.db)).toMatchObject({ intact: false, firstBroken: { problem: 'unchained' } });
  });

  it('chains the rows written before the upgrade, in their order', () => {
    const t = tempDbFile();
    try {
      const raw = new Database(t.file);
      for (const m of MIGRATIONS.filter((x) => x.version <= 10)) raw.transaction(() => m.up(raw))();
      raw.pragma('user_version = 10');
      const insert = raw.prepare(`INSERT INTO audit_log (at, actor, device, action, entity_type, entity_id) VALUES (?, 'front-desk', ?, 'patient.read', 'patient', ?)`);
      for (let i = 0; i < 6; i++) insert.run(1_000 + i, i % 2 === 0 ? 'desk-a' : 'desk-b', `p${i}`);
      raw.close();
      const db = openDatabase(t.file);
      expect(verifyAuditChain(db)).toEqual({ intact: true, checked: 6, devices: 2 });
      db.close();
    } finally {
      t.cleanup();
    }
  });
});

describe('audited reads', () => {
  it('a search (as the handler records it) records how many it found, never what was typed; opening a record records the patient', () => {
    const staff = addTestStaff(f.ctx);
    const ctx = { ...f.ctx, actor: { user: staff.reception, staffId: staff.reception, device: 'desk-r' } };
    const found = searchPatients(ctx, { query: 'Archer' });
    auditSearch(ctx, found);
    getPatient(ctx, { id: f.patients.ann });
    const rows = queryAudit(temp.db, { filter: { staffId: staff.reception }, limit: 10 }).rows;
    expect(rows.map((r) => r.action)).toEqual(['patient.read', 'patient.search']);
    expect(rows[1]).toMatchObject({ staffName: 'Rita Reception', device: 'desk-r', details: { results: found.hits.length } });
    expect(JSON.stringify(rows)).not.toMatch(/archer/i);
    expect(patientAccess(temp.db, { patientId: f.patients.ann, limit: 10 }).rows.map((r) => [r.action, r.staffId])).toContainEqual(['patient.read', staff.reception]);
  });

  it('pages newest first with a stable cursor', () => {
    write('desk-a', 25);
    const first = queryAudit(temp.db, { filter: { action: 'test.' }, limit: 10 });
    const second = queryAudit(temp.db, { filter: { action: 'test.' }, before: first.nextBefore!, limit: 10 });
    const third = queryAudit(temp.db, { filter: { action: 'test.' }, before: second.nextBefore!, limit: 10 });
    expect([first.rows.length, second.rows.length, third.rows.length, third.nextBefore]).toEqual([10, 10, 5, null]);
    expect(first.rows[0]!.entityId).toBe('desk-a-24');
    expect(third.rows.at(-1)!.entityId).toBe('desk-a-0');
  });
});
