import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowHash } from '@main/core/audit/chain';
import { MIGRATIONS, LATEST_VERSION } from '@main/core/db/migrations';
import { openDatabase } from '@main/core/db/open';
import { tempDbFile } from '../../../helpers/tempdb';

/**
 * One test per migration, the way Signal Desktop tests theirs: a database at the version before
 * (with rows in it), then the migration, then what it must have done to those rows.
 *
 * Versions 3–6 and 12 do not exist and never did (no commit ever added a migration with those
 * numbers): they were handed out to work done alongside that ended up needing no schema change,
 * or folded into a neighbouring migration. A gap is harmless: `PRAGMA user_version` records the
 * last migration applied, and the runner applies the listed ones in order.
 */

const T0 = Date.parse('2026-03-02T15:00:00Z');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A new database file brought to `version` exactly, by the shipped migrations up to it. */
function databaseAt(version: number): Database.Database {
  const t = tempDbFile();
  const db = new Database(t.file);
  db.pragma('foreign_keys = ON');
  cleanups.push(() => {
    if (db.open) db.close();
    t.cleanup();
  });
  for (const m of MIGRATIONS) if (m.version <= version) step(db, m.version);
  return db;
}

/** Runs migration `version` the way the runner does: in one transaction with the version bump. */
function step(db: Database.Database, version: number): void {
  const m = MIGRATIONS.find((x) => x.version === version);
  if (!m) throw new Error(`no migration ${version}`);
  db.transaction(() => {
    m.up(db);
    db.pragma(`user_version = ${m.version}`);
  }).immediate();
}

/** The version before `version` among the shipped migrations. */
const before = (version: number): number => MIGRATIONS[MIGRATIONS.findIndex((m) => m.version === version) - 1]!.version;

/** A small clinic written with the columns of version 1: one visit with its reminder and audit rows. */
function seedClinic(db: Database.Database): void {
  db.exec(`
    INSERT INTO locations (id, name, zone, created_at) VALUES ('loc-1', 'Main Street', 'America/New_York', ${T0});
    INSERT INTO rooms (id, location_id, name) VALUES ('room-1', 'loc-1', 'Op 1');
    INSERT INTO providers (id, name, colour, zone, created_at) VALUES ('prov-1', 'Dr Smith', '#336699', 'America/New_York', ${T0});
    INSERT INTO appointment_types (id, name, duration_min, colour) VALUES ('type-1', 'Cleaning', 30, '#88aa00');
    INSERT INTO patients (id, given_name, family_name, date_of_birth, phone_digits, name_key, created_at, updated_at)
      VALUES ('pat-1', 'Ann', 'Lee', '1984-03-07', '', 'lee|ann', ${T0}, ${T0});
    INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at,
                              busy_start_at, busy_end_at, created_at, updated_at)
      VALUES ('appt-1', 'pat-1', 'prov-1', 'loc-1', 'room-1', 'type-1', ${T0 + 86_400_000}, ${T0 + 88_200_000},
              ${T0 + 86_400_000}, ${T0 + 88_200_000}, ${T0}, ${T0});
    INSERT INTO reminders (id, appointment_id, offset_min, due_at, updated_at) VALUES ('rem-1', 'appt-1', 1440, ${T0}, ${T0});
    INSERT INTO audit_log (at, actor, device, action, entity_type, entity_id, details)
      VALUES (${T0}, 'desk', 'desk-a', 'appointment.book', 'appointment', 'appt-1', '{"x":1}'),
             (${T0 + 1}, 'desk', 'desk-b', 'patient.read', 'patient', 'pat-1', NULL),
             (${T0 + 2}, 'desk', 'desk-a', 'appointment.cancel', 'appointment', 'appt-1', NULL);
  `);
}

const count = (db: Database.Database, table: string): number => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('migrations, each from the version before it with rows in the database', () => {
  it('0007 care teams: existing visits belong to no team; a team id can be set', () => {
    const db = databaseAt(before(7));
    seedClinic(db);
    step(db, 7);
    expect(db.prepare(`SELECT team_id FROM appointments WHERE id = 'appt-1'`).pluck().get()).toBeNull();
    db.prepare(`UPDATE appointments SET team_id = id WHERE id = 'appt-1'`).run();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM appointments WHERE team_id = 'appt-1'`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('appointments_team');
  });

  it('0008 sync: conflict and sync-state tables start empty and check their kinds; the visits stay', () => {
    const db = databaseAt(before(8));
    seedClinic(db);
    step(db, 8);
    expect(count(db, 'appointments')).toBe(1);
    expect(count(db, 'sync_conflicts')).toBe(0);
    db.prepare(`INSERT INTO sync_conflicts (appointment_id, kind, outbox_seq, detail, detected_at) VALUES ('appt-1', 'overlap', 1, '{}', ?)`).run(T0);
    expect(() =>
      db.prepare(`INSERT INTO sync_conflicts (appointment_id, kind, outbox_seq, detail, detected_at) VALUES ('x', 'other', 1, '{}', ?)`).run(T0),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO sync_state (key, value) VALUES ('cursor', '0')`).run();
  });

  it('0009 reminder delivery: a scheduled reminder gets no claim, no lease and late = 0; attempts go with their reminder', () => {
    const db = databaseAt(before(9));
    seedClinic(db);
    step(db, 9);
    expect(db.prepare(`SELECT state, claim_id, lease_owner, lease_until, next_attempt_at, late, skip_reason FROM reminders`).get()).toEqual({
      state: 'scheduled',
      claim_id: null,
      lease_owner: null,
      lease_until: null,
      next_attempt_at: null,
      late: 0,
      skip_reason: null,
    });
    expect(db.prepare(`SELECT reminder_offsets_min FROM appointment_types`).pluck().get()).toBeNull();
    db.prepare(`INSERT INTO reminder_attempts (reminder_id, attempt, at, channel, outcome, device) VALUES ('rem-1', 1, ?, 'sms', 'sent', 'desk-a')`).run(T0);
    db.prepare(`DELETE FROM reminders WHERE id = 'rem-1'`).run();
    expect(count(db, 'reminder_attempts')).toBe(0);
  });

  it('0010 provider calendars: a change of an existing visit of a connected provider is queued for the calendar', () => {
    const db = databaseAt(before(10));
    seedClinic(db);
    step(db, 10);
    expect(count(db, 'calendar_push_queue')).toBe(0);
    db.prepare(
      `INSERT INTO provider_calendars (provider_id, url, username, password, created_at, updated_at) VALUES ('prov-1', 'https://cal.example/dr/', 'dr', 'pw', ?, ?)`,
    ).run(T0, T0);
    db.prepare(`UPDATE appointments SET start_at = start_at + 900000, end_at = end_at + 900000, busy_start_at = busy_start_at + 900000, busy_end_at = busy_end_at + 900000 WHERE id = 'appt-1'`).run();
    expect(db.prepare(`SELECT appointment_id, attempts FROM calendar_push_queue`).all()).toEqual([{ appointment_id: 'appt-1', attempts: 0 }]);

    // A delivered event of a deleted visit is queued for removal, and the new-visit scan steps back over its rowid.
    db.prepare(`DELETE FROM calendar_push_queue`).run();
    db.prepare(
      `INSERT INTO calendar_events (appointment_id, provider_id, url, fingerprint, ends_at, delivered_at) VALUES ('appt-1', 'prov-1', 'https://cal.example/dr/a.ics', 'f', ?, ?)`,
    ).run(T0, T0);
    const rowid = db.prepare(`SELECT rowid FROM appointments WHERE id = 'appt-1'`).pluck().get() as number;
    db.prepare(`INSERT INTO sync_state (key, value) VALUES ('calendarScanAfter', ?)`).run(String(rowid));
    db.prepare(`DELETE FROM reminders`).run();
    db.prepare(`DELETE FROM appointments WHERE id = 'appt-1'`).run();
    expect(db.prepare(`SELECT appointment_id FROM calendar_push_queue`).pluck().all()).toEqual(['appt-1']);
    expect(db.prepare(`SELECT value FROM sync_state WHERE key = 'calendarScanAfter'`).pluck().get()).toBe(String(rowid - 1));
  });

  it('0011 staff and audit chain: rows written before it are chained per device, in order, naming nobody', () => {
    const db = databaseAt(before(11));
    seedClinic(db);
    step(db, 11);
    const rows = db
      .prepare(`SELECT at, actor, device, action, entity_type AS entityType, entity_id AS entityId, details, staff_id AS staffId, prev_hash AS prev, hash FROM audit_log ORDER BY seq`)
      .all() as Array<{ at: number; actor: string; device: string; action: string; entityType: string; entityId: string | null; details: string | null; staffId: null; prev: string | null; hash: string }>;
    const [a1, b1, a2] = rows;
    const fields = ({ prev: _p, hash: _h, ...r }: (typeof rows)[number]) => r;
    expect(a1!.staffId).toBeNull();
    expect(a1!.prev).toBeNull();
    expect(a1!.hash).toBe(auditRowHash(null, fields(a1!)));
    expect(b1!.prev).toBeNull(); // another device: a chain of its own
    expect(b1!.hash).toBe(auditRowHash(null, fields(b1!)));
    expect(a2!.prev).toBe(a1!.hash);
    expect(a2!.hash).toBe(auditRowHash(a1!.hash, fields(a2!)));
    expect(count(db, 'staff')).toBe(0);
  });

  it('0013 sync quarantine: one row per hub change, the visits untouched', () => {
    const db = databaseAt(before(13));
    seedClinic(db);
    step(db, 13);
    expect(count(db, 'appointments')).toBe(1);
    const insert = db.prepare(
      `INSERT INTO sync_quarantine (hub_id, seq, entity_type, entity_id, operation, reason, payload, received_at) VALUES ('hub-1', 7, 'appointment', 'x', 'appointment.book', 'bad', '{}', ?)`,
    );
    insert.run(T0);
    expect(() => insert.run(T0)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('0014 hub visit origins: starts empty, one origin per visit', () => {
    const db = databaseAt(before(14));
    seedClinic(db);
    step(db, 14);
    expect(count(db, 'hub_visit_origins')).toBe(0);
    const insert = db.prepare(`INSERT INTO hub_visit_origins (appointment_id, desk_id, reached_hub_at) VALUES ('appt-1', 'desk-a', ?)`);
    insert.run(T0);
    expect(() => insert.run(T0 + 1)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('a version-2 database with a clinic in it opens at the latest version with its rows', () => {
    const db = databaseAt(2);
    seedClinic(db);
    const file = db.name;
    db.close();
    const opened = openDatabase(file);
    cleanups.unshift(() => opened.close());
    expect(opened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(opened.prepare(`SELECT id FROM appointments`).pluck().all()).toEqual(['appt-1']);
    expect(opened.prepare(`SELECT COUNT(*) FROM audit_log WHERE hash IS NOT NULL`).pluck().get()).toBe(3);
  });
});
