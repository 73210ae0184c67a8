import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@main/core/audit';
import { shipAuditTrail } from '@main/sync/audit-shipper';
import { auditShippedThrough, markAuditShipped, nextAuditRuns, readAuditHubStatus, type ShippedAuditRow } from '@main/sync/audit-shipping-state';
import { writeHubConnection } from '@main/sync/hub-settings';
import { NOW, testContext, type TestContext } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

/**
 * The desk's side of sending its audit trail: rows go in row order, one
 * device chain per call, in batches; the cursor moves only past rows the hub
 * answered for, and is tied to the hub and desk identity. The hub itself is
 * played here by a recorder that answers as `append_audit` does (the real
 * hub is in test/integration/sync/audit-at-hub.test.ts).
 */
let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
const WHO = { hubId: 'hub-1', deskId: 'desk-1' };

beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
  writeHubConnection(t.db, { url: 'postgres://desk@hub.clinic.lan:5432/clinic', tls: 'disable', ca: null });
});
afterEach(() => t.cleanup());

function write(device: string, n: number): void {
  for (let i = 0; i < n; i++) {
    ctx.clock.advance(1_000);
    recordAudit(t.db, { user: 'u', device }, ctx.clock.now(), { action: 'patient.read', entityType: 'patient', entityId: `p${i}` });
  }
}

type Answer = { outcome: 'stored' | 'refused'; reason?: string; seq?: number; stored: number; duplicates: number; lastSeq: number | null };

/** Records each call's rows; answers stored, or refuses from `refuseAt` on (rows before it in the call kept). */
function recordingHub(opts: { refuseAt?: number; fail?: () => boolean } = {}) {
  const calls: ShippedAuditRow[][] = [];
  return {
    calls,
    async query<R>(_sql: string, params: unknown[]): Promise<{ rows: R[] }> {
      if (opts.fail?.()) throw Object.assign(new Error('connection cut'), { code: 'ECONNRESET' });
      const rows = JSON.parse(params[0] as string) as ShippedAuditRow[];
      calls.push(rows);
      const kept = opts.refuseAt === undefined ? rows : rows.filter((r) => r.seq < opts.refuseAt!);
      const answer: Answer =
        kept.length < rows.length
          ? { outcome: 'refused', reason: 'changed', seq: opts.refuseAt!, stored: kept.length, duplicates: 0, lastSeq: kept.at(-1)?.seq ?? null }
          : { outcome: 'stored', stored: rows.length, duplicates: 0, lastSeq: rows.at(-1)!.seq };
      return { rows: [{ answer } as R] };
    },
  };
}

describe('sending the audit trail to the hub', () => {
  it('cuts rows into runs of one device in row order', () => {
    write('d1', 3);
    write('d2', 2);
    write('d1', 1);
    expect(nextAuditRuns(t.db, 0, 100).map((r) => [r.device, r.rows.map((x) => x.seq)])).toEqual([
      ['d1', [1, 2, 3]],
      ['d2', [4, 5]],
      ['d1', [6]],
    ]);
    expect(nextAuditRuns(t.db, 2, 2).map((r) => [r.device, r.rows.map((x) => x.seq)])).toEqual([
      ['d1', [3]],
      ['d2', [4]],
    ]);
  });

  it('sends everything in batches, in order, and moves the cursor with what the hub took', async () => {
    write('d1', 12);
    const hub = recordingHub();
    expect(await shipAuditTrail(ctx, hub, WHO, { batchSize: 5 })).toEqual({ stored: 12, duplicates: 0, refused: null, more: false });
    expect(hub.calls.map((c) => c.map((r) => r.seq))).toEqual([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]);
    expect(hub.calls[0]![0]).toMatchObject({ device: 'd1', action: 'patient.read', prevHash: null, details: null });
    expect(auditShippedThrough(t.db, WHO)).toBe(12);
    // Nothing new: no call at all.
    await shipAuditTrail(ctx, hub, WHO, { batchSize: 5 });
    expect(hub.calls).toHaveLength(3);
  });

  it('sends at most its share of batches per call and says more waits', async () => {
    write('d1', 12);
    const hub = recordingHub();
    expect(await shipAuditTrail(ctx, hub, WHO, { batchSize: 5, maxBatches: 2 })).toEqual({ stored: 10, duplicates: 0, refused: null, more: true });
    expect(await shipAuditTrail(ctx, hub, WHO, { batchSize: 5, maxBatches: 2 })).toEqual({ stored: 2, duplicates: 0, refused: null, more: false });
    expect(auditShippedThrough(t.db, WHO)).toBe(12);
  });

  it('keeps the cursor where it was when the connection breaks mid-way, so the rest goes next time', async () => {
    write('d1', 10);
    let n = 0;
    const hub = recordingHub({ fail: () => ++n === 2 });
    await expect(shipAuditTrail(ctx, hub, WHO, { batchSize: 4 })).rejects.toThrow('connection cut');
    expect(auditShippedThrough(t.db, WHO)).toBe(4);
    expect(readAuditHubStatus(t.db).waiting).toBe(6);
    await shipAuditTrail(ctx, hub, WHO, { batchSize: 4 });
    expect(auditShippedThrough(t.db, WHO)).toBe(10);
  });

  it('starts again from the first row for another hub or another enrollment', () => {
    write('d1', 3);
    markAuditShipped(t.db, WHO, 3, NOW);
    expect(auditShippedThrough(t.db, WHO)).toBe(3);
    expect(auditShippedThrough(t.db, { ...WHO, deskId: 'desk-2' })).toBe(0);
    expect(auditShippedThrough(t.db, { ...WHO, hubId: 'hub-2' })).toBe(0);
  });

  it('stops at a refusal, keeps the rows before it, says so in plain words, and tries again only after a while', async () => {
    write('d1', 8);
    const hub = recordingHub({ refuseAt: 6 });
    const r = await shipAuditTrail(ctx, hub, WHO, { batchSize: 100 });
    expect(r).toMatchObject({ stored: 5, refused: { seq: 6, reason: 'changed' } });
    expect(auditShippedThrough(t.db, WHO)).toBe(5);
    const status = readAuditHubStatus(t.db);
    expect(status.waiting).toBe(3);
    expect(status.problem).toBe(
      'Audit trail not sent: this desk’s audit trail no longer matches what the clinic hub holds, from entry 6 on (entries were changed or removed here). Visits still sync. Tell a manager; the hub keeps the trail as it received it.',
    );
    await shipAuditTrail(ctx, hub, WHO);
    expect(hub.calls).toHaveLength(1);
    ctx.clock.advance(5 * 60_000);
    const fixed = recordingHub();
    expect(await shipAuditTrail(ctx, fixed, WHO)).toEqual({ stored: 3, duplicates: 0, refused: null, more: false });
    expect(readAuditHubStatus(t.db).problem).toBeNull();
  });

  it('reports how far the hub holds the trail and what waits', async () => {
    write('d1', 4);
    expect(readAuditHubStatus(t.db)).toEqual({ hubConfigured: true, storedUpTo: null, confirmedAt: null, waiting: 4, problem: null });
    const hub = recordingHub();
    await shipAuditTrail(ctx, hub, WHO, { batchSize: 3 });
    write('d1', 2);
    const fourth = t.db.prepare(`SELECT at FROM audit_log WHERE seq = 4`).pluck().get() as number;
    expect(readAuditHubStatus(t.db)).toEqual({ hubConfigured: true, storedUpTo: fourth, confirmedAt: NOW + 4_000, waiting: 2, problem: null });
    writeHubConnection(t.db, { url: '', tls: 'disable', ca: null });
    expect(readAuditHubStatus(t.db)).toMatchObject({ hubConfigured: false, storedUpTo: null, waiting: 6 });
  });
});
