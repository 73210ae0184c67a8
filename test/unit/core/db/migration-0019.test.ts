import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@main/core/db/open';
import { MIGRATIONS } from '@main/core/db/migrations';
import { tempDbFile } from '../../../helpers/tempdb';

describe('migration 0019 (hub undone changes, set-up authors)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('gives set-up changes still waiting to be sent the author their audit row names, and leaves the rest as they were', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    const raw = new Database(t.file);
    for (const m of MIGRATIONS.filter((m) => m.version <= 18)) m.up(raw);
    raw.pragma('user_version = 18');
    const audit = raw.prepare(`INSERT INTO audit_log (at, staff_id, actor, device, action, entity_type, entity_id) VALUES (?, ?, ?, 'desk-1', ?, ?, ?)`);
    const outbox = raw.prepare(
      `INSERT INTO outbox (idempotency_key, entity_type, entity_id, operation, payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const change = (key: string, type: string, id: string, op: string, at: number, staffId: string | null, state = 'pending') => {
      audit.run(at, staffId, staffId ?? 'front-desk', op, type, id);
      outbox.run(key, type, id, op, JSON.stringify({ id, name: 'x' }), state, at, at);
    };
    change('k1', 'provider', 'prov-1', 'provider.update', 1000, 'mia');
    change('k2', 'blockout', 'blk-1', 'blockout.create', 2000, 'rita', 'attention');
    change('k3', 'room', 'room-1', 'room.create', 3000, null);
    change('k4', 'location', 'loc-1', 'location.update', 4000, 'mia', 'delivered');
    change('k5', 'appointment', 'appt-1', 'appointment.book', 5000, 'rita');
    raw.close();

    const db = openDatabase(t.file);
    cleanups.push(() => db.close());
    const payloads = Object.fromEntries(
      (db.prepare(`SELECT idempotency_key AS k, payload FROM outbox`).all() as Array<{ k: string; payload: string }>).map((r) => [r.k, JSON.parse(r.payload) as object]),
    );
    expect(payloads).toEqual({
      k1: { id: 'prov-1', name: 'x', changedBy: 'mia' },
      k2: { id: 'blk-1', name: 'x', changedBy: 'rita' },
      // Made while nobody was signed in: no author (the hub takes it only while the clinic has no manager there).
      k3: { id: 'room-1', name: 'x', changedBy: null },
      // Already at the hub, or not set-up: untouched.
      k4: { id: 'loc-1', name: 'x' },
      k5: { id: 'appt-1', name: 'x' },
    });
    expect(db.prepare(`SELECT COUNT(*) FROM sync_undone`).pluck().get()).toBe(0);
  });
});
