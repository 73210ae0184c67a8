import pg from 'pg';
import { describe, expect, vi } from 'vitest';
import { book } from '@main/core/booking';
import { recordAudit } from '@main/core/audit';
import { inWriteTransaction } from '@main/core/db/transaction';
import { auditRowHash } from '@main/core/audit/chain';
import { shipAuditTrail } from '@main/sync/audit-shipper';
import { markAuditShipped, readAuditHubStatus } from '@main/sync/audit-shipping-state';
import { helloHub } from '@main/sync/adapters/hub-postgres/session';
import { localInstant } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import { startTcpProxy } from '../../helpers/tcp-proxy';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * Every desk's audit trail at the clinic hub, on a real PostgreSQL set up as
 * in production (owner role, desk roles): rows written while the hub is away
 * arrive in order and complete once it is back; a crash before the desk
 * notes what the hub took sends them again harmlessly; a desk's own login
 * cannot change, remove, forge or reorder rows at the hub; a trail changed on
 * the desk after it was sent is refused (visits keep syncing) and the
 * manager's check names the first entry that differs.
 */

interface HubRow {
  desk_id: string;
  device: string;
  seq: string;
  hash: string;
}

async function deskClient(url: string, opened: pg.Client[]): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  opened.push(c);
  return c;
}

function writeEntries(d: Desk, n: number, action = 'patient.read'): void {
  inWriteTransaction(d.db, () => {
    for (let i = 0; i < n; i++) recordAudit(d.db, d.ctx.actor, d.ctx.clock.now(), { action, entityType: 'patient', entityId: `p-${i}`, details: { i } });
  });
}

function localChain(d: Desk): Array<{ device: string; seq: number; hash: string }> {
  return d.db.prepare(`SELECT device, seq, hash FROM audit_log ORDER BY seq`).all() as Array<{ device: string; seq: number; hash: string }>;
}

async function hubRows(superUrl: string, deskId: string): Promise<HubRow[]> {
  return hubQuery<HubRow>(superUrl, `SELECT desk_id, device, seq, hash FROM frontdesk.hub_audit WHERE desk_id = $1 ORDER BY seq`, [deskId]);
}

async function sqlState(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? 'error';
  }
}

/** One of the desk's own rows as the hub's append takes it. */
function asShipped(r: Record<string, unknown>): Record<string, unknown> {
  return {
    seq: r.seq,
    at: r.at,
    staffId: r.staff_id,
    actor: r.actor,
    device: r.device,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

async function append(c: pg.Client, rows: unknown[]): Promise<{ outcome: string; reason?: string; seq?: number; stored: number; duplicates: number }> {
  const { rows: out } = await c.query<{ a: { outcome: string; reason?: string; seq?: number; stored: number; duplicates: number } }>(
    'SELECT frontdesk_api.append_audit($1::jsonb) AS a',
    [JSON.stringify(rows)],
  );
  return out[0]!.a;
}

describe('the audit trail at the clinic hub', () => {
  hubTest('entries written while the hub is away arrive in order, all of them, once it is back; the status counts them', async ({ syncClinic, hub, desks }) => {
    const proxy = await startTcpProxy(syncClinic.pg.port);
    try {
      const url = (await hub.enroll('Desk behind proxy')).replace(`:${syncClinic.pg.port}/`, `:${proxy.port}/`);
      proxy.setDown(true);
      const d = await desks.open('away', { url, pollMs: 60_000 });
      // Text the hub must seal exactly as the desk did: quotes, backslashes, control characters, other scripts.
      recordAudit(d.db, d.ctx.actor, d.ctx.clock.now(), {
        action: 'patient.read',
        entityType: 'patient',
        entityId: 'a"b\\c',
        details: { note: 'line\nbreak\ttab \u0001 \u001f é 漢字 🦷 \u2028' },
      });
      writeEntries(d, 1_200);
      const total = localChain(d).length;
      await vi.waitUntil(() => proxy.attempts > 0, { timeout: 10_000, interval: 20 });
      expect(readAuditHubStatus(d.db)).toMatchObject({ hubConfigured: true, storedUpTo: null, waiting: total, problem: null });

      proxy.setDown(false);
      d.engine.probeNow();
      await vi.waitUntil(() => readAuditHubStatus(d.db).waiting === 0, { timeout: 20_000, interval: 50 });
      const deskId = (await hubQuery<{ desk_id: string }>(hub.superUrl, `SELECT desk_id FROM frontdesk.hub_desks WHERE name = 'Desk behind proxy'`))[0]!.desk_id;
      const atHub = await hubRows(hub.superUrl, deskId);
      expect(atHub.map((r) => [r.device, Number(r.seq), r.hash])).toEqual(localChain(d).map((r) => [r.device, r.seq, r.hash]));
      const last = d.db.prepare(`SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1`).pluck().get() as number;
      expect(readAuditHubStatus(d.db)).toMatchObject({ storedUpTo: last, waiting: 0, problem: null });

      // The manager's check: every entry the hub holds matches.
      const check = await d.engine.checkAuditAtHub();
      expect(check).toEqual({
        compared: total,
        atHub: total,
        hubLatestAt: last,
        waiting: 0,
        firstDifferent: null,
        missingHere: 0,
        hubBroken: null,
        deskBroken: null,
      });
    } finally {
      await proxy.close();
    }
  });

  hubTest('a crash after the hub took the entries and before the desk noted it sends them again; the hub keeps one copy', async ({ hub, desks }) => {
    const url = await hub.enroll('Crashing desk');
    const d = await desks.open('crash', { url, start: false });
    const opened: pg.Client[] = [];
    try {
      const c = await deskClient(url, opened);
      const hello = await helloHub(c);
      const who = { hubId: hello.hubId, deskId: hello.deskId };
      writeEntries(d, 30);
      const total = localChain(d).length;
      expect(await shipAuditTrail(d.ctx, c, who, { batchSize: 7 })).toEqual({ stored: total, duplicates: 0, refused: null, more: false });
      // The desk died before its cursor was written: everything goes again.
      markAuditShipped(d.db, who, 0, d.ctx.clock.now());
      writeEntries(d, 3);
      expect(await shipAuditTrail(d.ctx, c, who, { batchSize: 7 })).toEqual({ stored: 3, duplicates: total, refused: null, more: false });
      expect(await hubRows(hub.superUrl, hello.deskId)).toHaveLength(total + 3);
      expect(readAuditHubStatus(d.db).waiting).toBe(0);
    } finally {
      for (const c of opened) await c.end();
    }
  });

  hubTest('a desk’s own login cannot change, remove, forge, reorder or extend another desk’s entries at the hub', async ({ hub, desks }) => {
    const aUrl = await hub.enroll('Honest desk');
    const bUrl = await hub.enroll('Hostile desk');
    const a = await desks.open('honest', { url: aUrl, start: false });
    const b = await desks.open('hostile', { url: bUrl, start: false });
    const opened: pg.Client[] = [];
    try {
      const ca = await deskClient(aUrl, opened);
      const cb = await deskClient(bUrl, opened);
      const aHello = await helloHub(ca);
      const bHello = await helloHub(cb);
      writeEntries(a, 5);
      await shipAuditTrail(a.ctx, ca, { hubId: aHello.hubId, deskId: aHello.deskId });
      const before = await hubRows(hub.superUrl, aHello.deskId);
      expect(before.length).toBeGreaterThan(5);

      // No privilege on the table at all: no UPDATE, DELETE, TRUNCATE or INSERT.
      expect(await sqlState(cb.query(`UPDATE frontdesk.hub_audit SET action = 'x'`))).toBe('42501');
      expect(await sqlState(cb.query(`DELETE FROM frontdesk.hub_audit`))).toBe('42501');
      expect(await sqlState(cb.query(`TRUNCATE frontdesk.hub_audit`))).toBe('42501');
      expect(await sqlState(cb.query(`UPDATE frontdesk.hub_audit_heads SET seq = 0`))).toBe('42501');
      expect(
        await sqlState(cb.query(`INSERT INTO frontdesk.hub_audit (desk_id, device, seq, at, actor, action, entity_type, hash) VALUES ($1, 'd', 1, 0, 'x', 'x', 'x', 'x')`, [aHello.deskId])),
      ).toBe('42501');
      // Even the hub's owner (here a superuser) cannot rewrite it outside the maintenance path.
      expect(await sqlState(hubQuery(hub.superUrl, `UPDATE frontdesk.hub_audit SET action = 'x'`))).toBe('42501');
      expect(await sqlState(hubQuery(hub.superUrl, `DELETE FROM frontdesk.hub_audit`))).toBe('42501');

      const aRows = (a.db.prepare(`SELECT * FROM audit_log WHERE device = ? ORDER BY seq`).all(a.ctx.actor.device) as Array<Record<string, unknown>>).map(asShipped);
      const lastA = aRows.at(-1)!;
      // B extends A's chain with a row of its own making: filed under B, where that chain has no start.
      const forged: Record<string, unknown> = { ...lastA, seq: (lastA.seq as number) + 1, action: 'patient.update', prevHash: lastA.hash };
      forged.hash = auditRowHash(lastA.hash as string, {
        at: forged.at as number,
        staffId: null,
        actor: forged.actor as string,
        device: forged.device as string,
        action: 'patient.update',
        entityType: forged.entityType as string,
        entityId: forged.entityId as string,
        details: forged.details as string,
      });
      forged.staffId = null;
      expect(await append(cb, [forged])).toMatchObject({ outcome: 'refused', reason: 'broken_chain', stored: 0 });
      // A copy of A's rows sent by B is B's delivery, filed under B: A's chain is untouched.
      expect(await append(cb, aRows)).toMatchObject({ outcome: 'stored', stored: 5 });
      expect(await hubRows(hub.superUrl, aHello.deskId)).toEqual(before);
      expect((await hubRows(hub.superUrl, bHello.deskId)).every((r) => r.desk_id === bHello.deskId)).toBe(true);

      // B's own chain: a row skipped, a broken link, a row whose seal does not match, a row sent twice.
      writeEntries(b, 4);
      const bRows = (b.db.prepare(`SELECT * FROM audit_log WHERE device = ? ORDER BY seq`).all(b.ctx.actor.device) as Array<Record<string, unknown>>).map(asShipped);
      expect(await append(cb, [bRows[0], bRows[2]])).toMatchObject({ outcome: 'refused', reason: 'broken_chain', seq: bRows[2]!.seq, stored: 1 });
      expect(await append(cb, [{ ...bRows[1], prevHash: 'f'.repeat(64) }])).toMatchObject({ outcome: 'refused', reason: 'broken_chain' });
      expect(await append(cb, [{ ...bRows[1], action: 'patient.search' }])).toMatchObject({ outcome: 'refused', reason: 'bad_seal' });
      expect(await append(cb, [bRows[0], bRows[1]])).toMatchObject({ outcome: 'stored', stored: 1, duplicates: 1 });
      // An earlier row, sent again with other content: the trail was changed after it was sent.
      const changed = { ...bRows[0], action: 'patient.search' };
      expect(await append(cb, [changed])).toMatchObject({ outcome: 'refused', reason: 'changed', seq: bRows[0]!.seq });
      expect(await append(cb, [{ ...bRows[3], device: 'other-device' }])).toMatchObject({ outcome: 'refused' });
      expect(await sqlState(append(cb, 'not a list' as unknown as unknown[]))).toBe('22023');
    } finally {
      for (const c of opened) await c.end();
    }
  });

  hubTest('a trail changed on the desk after it was sent is refused in plain words, visits keep syncing, and the check names the entry', async ({ hub, deskA: a, clinic: f }) => {
    writeEntries(a, 10);
    await vi.waitUntil(async () => (await a.engine.cycle(2_000), readAuditHubStatus(a.db).waiting === 0), { timeout: 20_000, interval: 20 });
    // Someone rewrites an entry in the desk's file and reseals the chain from there, then the desk sends it all again.
    const rows = a.db.prepare(`SELECT * FROM audit_log WHERE device = ? ORDER BY seq`).all(a.ctx.actor.device) as Array<Record<string, unknown>>;
    const target = rows[3]!;
    let prev = target.prev_hash as string | null;
    for (const r of rows.slice(3)) {
      const action = r.seq === target.seq ? 'patient.search' : (r.action as string);
      const hash = auditRowHash(prev, {
        at: r.at as number,
        staffId: r.staff_id as string | null,
        actor: r.actor as string,
        device: r.device as string,
        action,
        entityType: r.entity_type as string,
        entityId: r.entity_id as string | null,
        details: r.details as string | null,
      });
      a.db.prepare(`UPDATE audit_log SET action = ?, prev_hash = ?, hash = ? WHERE seq = ?`).run(action, prev, hash, r.seq);
      prev = hash;
    }
    const hello = await hubQuery<{ desk_id: string; hub_id: string }>(
      hub.superUrl,
      `SELECT d.desk_id, m.value AS hub_id FROM frontdesk.hub_desks d, frontdesk.hub_meta m WHERE d.name = 'a' AND m.key = 'hub_id'`,
    );
    markAuditShipped(a.db, { hubId: hello[0]!.hub_id, deskId: hello[0]!.desk_id }, 0, a.ctx.clock.now());
    await a.engine.cycle(5_000);
    const status = readAuditHubStatus(a.db);
    expect(status.problem).toMatch(/^Audit trail not sent: this desk’s audit trail no longer matches what the clinic hub holds, from entry \d+ on/);
    expect(status.problem).toContain('Visits still sync');
    expect(status.waiting).toBeGreaterThan(0);

    // Visits are not held up.
    book(a.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-05', '09:00') });
    await drain(a);

    const check = await a.engine.checkAuditAtHub();
    expect(check).toMatchObject({ firstDifferent: target.seq, hubBroken: null, deskBroken: null, missingHere: 0 });
  });
});
