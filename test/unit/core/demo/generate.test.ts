import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeVisit } from '@main/core/booking';
import { listProviders } from '@main/core/clinic';
import type { WriteDb } from '@main/core/db/open';
import { inWriteTransaction } from '@main/core/db/transaction';
import { generateDemoClinic, type DemoSummary } from '@main/core/demo';
import { BULK_TABLES, withDeferredIndexes } from '@main/core/demo/bulk-load';
import { insertDemoPatients } from '@main/core/demo/patients';
import { Random } from '@main/core/demo/random';
import { searchPatients } from '@main/core/patients';
import { FixedClock } from '@main/platform/clock';
import type { DemoProgress } from '@shared/domain/app';
import type { AppointmentId, AppointmentTypeId, LocationId, PatientId, ProviderId, RoomId } from '@shared/domain/ids';
import { openTempDb } from '../../../helpers/tempdb';
import {
  liveFill,
  overlappingLiveVisits,
  visitsBreakingSetup,
  visitsInBlockouts,
  visitsOutsideHours,
} from './demo-checks';

/** Tuesday 2026-03-10, 10:00 in New York: a working morning, two days after the DST change. */
const NOW = Date.parse('2026-03-10T14:00:00Z');
const DAY = 86_400_000;

function build(seed: number): { db: WriteDb; summary: DemoSummary; progress: DemoProgress[]; cleanup(): void } {
  const t = openTempDb();
  const progress: DemoProgress[] = [];
  const summary = generateDemoClinic(t.db, { clock: new FixedClock(NOW), seed, onProgress: (p) => progress.push(p) });
  return { db: t.db, summary, progress, cleanup: t.cleanup };
}

const count = (db: WriteDb, sql: string, ...params: unknown[]): number =>
  db.prepare(sql).pluck().get(...params) as number;

describe('demo clinic', () => {
  let a: ReturnType<typeof build>;
  let b: ReturnType<typeof build>;
  beforeAll(() => {
    a = build(7);
    b = build(7);
  });
  afterAll(() => {
    a.cleanup();
    b.cleanup();
  });

  it('has the promised size', () => {
    const s = a.summary;
    expect(s).toMatchObject({ locations: 2, providers: 12, patients: 20_000, scale: false });
    expect(s.appointmentTypes).toBeGreaterThanOrEqual(8);
    expect(s.rooms).toBeGreaterThanOrEqual(8);
    expect(s.appointments).toBeGreaterThan(1_500);
    expect(s.appointments).toBeLessThan(5_000);
    expect(s.reminders).toBe(2 * s.appointments); // 24 h and 1 h before, the default offsets
    expect(s.blockouts).toBeGreaterThan(20);
    expect(count(a.db, 'SELECT count(*) FROM patients')).toBe(20_000);
    expect(count(a.db, 'SELECT count(*) FROM appointments')).toBe(s.appointments);
    // Six weeks around today.
    expect((Date.parse(s.toDate) - Date.parse(s.fromDate)) / DAY).toBe(41);
    expect(s.fromDate <= '2026-03-10' && '2026-03-10' <= s.toDate).toBe(true);
  });

  it('spans two zones, with a provider living in a third, and a mix of types', () => {
    const zones = a.db.prepare('SELECT zone FROM locations ORDER BY zone').pluck().all();
    expect(zones).toEqual(['America/Chicago', 'America/New_York']);
    const providerZones = new Set(listProviders(a.db).map((p) => p.zone));
    expect(providerZones.has('America/Denver')).toBe(true);
    const types = a.db
      .prepare('SELECT duration_min AS d, needs_room AS r, buffer_before_min + buffer_after_min AS buf FROM appointment_types')
      .all() as Array<{ d: number; r: number; buf: number }>;
    expect(Math.min(...types.map((t) => t.d))).toBe(15);
    expect(Math.max(...types.map((t) => t.d))).toBe(90);
    expect(types.some((t) => t.r === 1) && types.some((t) => t.r === 0)).toBe(true);
    expect(types.some((t) => t.buf > 0)).toBe(true);
    // Different weekly hours: part-time providers and breaks.
    const days = a.db
      .prepare('SELECT count(DISTINCT weekday) FROM opening_hours GROUP BY provider_id')
      .pluck()
      .all() as number[];
    expect(new Set(days).size).toBeGreaterThan(2);
  });

  it('satisfies every invariant the booking guard enforces', () => {
    expect(overlappingLiveVisits(a.db, 'provider_id')).toBe(0);
    expect(overlappingLiveVisits(a.db, 'room_id')).toBe(0);
    expect(visitsInBlockouts(a.db)).toBe(0);
    expect(visitsBreakingSetup(a.db)).toBe(0);
    expect(visitsOutsideHours(a.db)).toEqual([]);
  });

  it('is accepted visit by visit by the booking guard itself', () => {
    const live = a.db
      .prepare(
        `SELECT id, patient_id, provider_id, location_id, type_id, room_id, start_at FROM appointments
          WHERE status NOT IN ('cancelled', 'no_show')`,
      )
      .all() as Array<{
      id: AppointmentId;
      patient_id: PatientId;
      provider_id: ProviderId;
      location_id: LocationId;
      type_id: AppointmentTypeId;
      room_id: RoomId | null;
      start_at: number;
    }>;
    for (const v of live) {
      // As if the visit were moved onto its own time, booked at that moment: every rule but "not in the past".
      const placement = placeVisit(a.db, {
        patientId: v.patient_id,
        providerId: v.provider_id,
        locationId: v.location_id,
        typeId: v.type_id,
        startAt: v.start_at,
        room: v.room_id === null ? { kind: 'auto' } : { kind: 'exact', roomId: v.room_id },
        movingAppointmentId: v.id,
        now: v.start_at,
        bookingGraceMin: 0,
      });
      expect(placement.overridden).toEqual([]);
    }
  });

  it('fills 60–85 % of the open time with live visits', () => {
    const from = Date.parse(`${a.summary.fromDate}T00:00:00Z`) - DAY;
    const to = Date.parse(`${a.summary.toDate}T00:00:00Z`) + 2 * DAY;
    const fill = liveFill(a.db, from, to);
    expect(fill).toBeGreaterThanOrEqual(0.6);
    expect(fill).toBeLessThanOrEqual(0.85);
    // Busier this week than in three weeks.
    expect(liveFill(a.db, NOW - 3 * DAY, NOW + 4 * DAY)).toBeGreaterThan(liveFill(a.db, NOW + 14 * DAY, NOW + 21 * DAY));
  });

  it('gives statuses that make sense relative to now', () => {
    const byStatus = Object.fromEntries(
      (a.db.prepare('SELECT status, count(*) AS n FROM appointments GROUP BY status').all() as Array<{ status: string; n: number }>).map(
        (r) => [r.status, r.n],
      ),
    );
    for (const s of ['booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show']) expect(byStatus[s]).toBeGreaterThan(0);
    expect(count(a.db, `SELECT count(*) FROM appointments WHERE status IN ('completed', 'no_show') AND end_at > ?`, NOW)).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM appointments WHERE status IN ('booked', 'confirmed') AND end_at <= ?`, NOW)).toBe(0);
    expect(
      count(a.db, `SELECT count(*) FROM appointments WHERE status = 'checked_in' AND (end_at <= ? OR start_at > ? + 1800000)`, NOW, NOW),
    ).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM appointments WHERE status = 'cancelled' AND cancel_reason IS NULL`)).toBe(0);
    expect(count(a.db, 'SELECT count(*) FROM appointments WHERE created_at > ? OR updated_at > ? OR updated_at < created_at', NOW, NOW)).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM appointments WHERE status = 'no_show' AND start_at < ?`, NOW)).toBeGreaterThan(10);
  });

  it('has reminders in the state they would have reached by now', () => {
    expect(count(a.db, `SELECT count(*) FROM reminders WHERE state IN ('sent', 'failed') AND due_at > ?`, NOW)).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM reminders WHERE state = 'scheduled' AND due_at <= ?`, NOW)).toBe(0);
    expect(
      count(
        a.db,
        `SELECT count(*) FROM reminders r JOIN appointments a ON a.id = r.appointment_id
          WHERE a.status = 'cancelled' AND r.state = 'scheduled'`,
      ),
    ).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM reminders WHERE state = 'sent' AND (channel IS NULL OR sent_at IS NULL)`)).toBe(0);
    expect(count(a.db, `SELECT count(*) FROM reminders WHERE due_at <> (SELECT start_at FROM appointments WHERE id = appointment_id) - offset_min * 60000`)).toBe(0);
    for (const state of ['scheduled', 'sent', 'skipped', 'cancelled']) {
      expect(count(a.db, 'SELECT count(*) FROM reminders WHERE state = ?', state)).toBeGreaterThan(0);
    }
  });

  it('writes no outbox rows and one demo.generate audit row', () => {
    expect(count(a.db, 'SELECT count(*) FROM outbox')).toBe(0);
    const audit = a.db.prepare('SELECT action, details FROM audit_log').all() as Array<{ action: string; details: string }>;
    expect(audit.map((r) => r.action)).toEqual(['demo.generate']);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ seed: 7, appointments: a.summary.appointments });
  });

  it('is deterministic: the same seed and clock give the same clinic', () => {
    expect(b.summary).toEqual(a.summary);
    for (const sql of CANONICAL_DUMPS) expect(b.db.prepare(sql).all()).toEqual(a.db.prepare(sql).all());
  });

  it('changes with the seed', () => {
    const c = build(8);
    try {
      const first = (db: WriteDb) => db.prepare('SELECT given_name, family_name, date_of_birth FROM patients ORDER BY id LIMIT 20').all();
      expect(first(c.db)).not.toEqual(first(a.db));
    } finally {
      c.cleanup();
    }
  });

  it('reports progress stage by stage, ending with every count complete', () => {
    const stages = [...new Set(a.progress.map((p) => p.stage))];
    expect(stages).toEqual([
      'Setting up the clinic',
      'Registering patients',
      'Indexing patients for search',
      'Booking appointments',
      'Indexing appointments',
      'Saving',
    ]);
    for (const p of a.progress) expect(p.done).toBeLessThanOrEqual(p.total);
    const lastBooking = a.progress.filter((p) => p.stage === 'Booking appointments').at(-1)!;
    expect(lastBooking.done).toBe(lastBooking.total);
  });

  it('makes its patients searchable', () => {
    const ctx = { db: a.db, clock: new FixedClock(NOW) };
    const someone = a.db.prepare(`SELECT family_name, phone_digits FROM patients WHERE phone_digits <> '' LIMIT 1`).get() as {
      family_name: string;
      phone_digits: string;
    };
    expect(searchPatients(ctx, { query: someone.family_name }).hits[0]?.match).toBe('exact');
    expect(searchPatients(ctx, { query: someone.phone_digits.slice(-4) }).hits.length).toBeGreaterThan(0);
    a.db.exec(`INSERT INTO patient_trigram_fts (patient_trigram_fts) VALUES ('integrity-check')`);
    a.db.exec(`INSERT INTO patient_name_fts (patient_name_fts) VALUES ('integrity-check')`);
  });

  it('refuses a database that already has a clinic, changing nothing', () => {
    const before = count(a.db, 'SELECT count(*) FROM appointments');
    expect(() => generateDemoClinic(a.db, { clock: new FixedClock(NOW) })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(count(a.db, 'SELECT count(*) FROM appointments')).toBe(before);
    expect(count(a.db, 'SELECT count(*) FROM audit_log')).toBe(1);
  });
});

/**
 * The whole clinic with set-up ids replaced by names: the set-up services
 * make their own (random) ids, everything the generator makes itself is
 * compared id for id.
 */
const CANONICAL_DUMPS = [
  `SELECT * FROM patients ORDER BY id`,
  `SELECT name, zone, address, phone FROM locations ORDER BY name`,
  `SELECT l.name AS location, r.name, r.active FROM rooms r JOIN locations l ON l.id = r.location_id ORDER BY 1, 2`,
  `SELECT name, colour, zone, npi FROM providers ORDER BY name`,
  `SELECT name, duration_min, needs_room, buffer_before_min, buffer_after_min, external_code FROM appointment_types ORDER BY name`,
  `SELECT p.name, l.name, h.weekday, h.start_min, h.end_min, h.effective_from FROM opening_hours h
     JOIN providers p ON p.id = h.provider_id JOIN locations l ON l.id = h.location_id ORDER BY 1, 2, 3, 4`,
  `SELECT p.name, h.date, h.kind, h.start_min FROM hours_overrides h JOIN providers p ON p.id = h.provider_id ORDER BY 1, 2, 4`,
  `SELECT p.name AS provider, r.name AS room, b.start_at, b.end_at, b.reason FROM blockouts b
     LEFT JOIN providers p ON p.id = b.provider_id LEFT JOIN rooms r ON r.id = b.room_id ORDER BY 3, 1, 2`,
  `SELECT a.id, a.patient_id, p.name AS provider, l.name AS location, r.name AS room, t.name AS type, a.start_at, a.end_at,
          a.busy_start_at, a.busy_end_at, a.status, a.cancel_reason, a.note, a.version, a.created_at, a.updated_at
     FROM appointments a JOIN providers p ON p.id = a.provider_id JOIN locations l ON l.id = a.location_id
     LEFT JOIN rooms r ON r.id = a.room_id JOIN appointment_types t ON t.id = a.type_id ORDER BY a.id`,
  `SELECT * FROM reminders ORDER BY id`,
];

describe('bulk loading', () => {
  it('puts back every index and trigger it suspends, and indexes what it loaded', () => {
    const t = openTempDb();
    try {
      const schema = () => t.db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY type, name`).all();
      const before = schema();
      inWriteTransaction(t.db, () =>
        withDeferredIndexes(t.db, BULK_TABLES, () => insertDemoPatients(t.db, { count: 2_000, rng: new Random(3), now: NOW })),
      );
      expect(schema()).toEqual(before);
      expect(count(t.db, 'SELECT count(*) FROM patient_search_docs')).toBe(2_000);
      t.db.exec(`INSERT INTO patient_trigram_fts (patient_trigram_fts) VALUES ('integrity-check')`);
      t.db.exec(`INSERT INTO patient_name_fts (patient_name_fts) VALUES ('integrity-check')`);
      expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');

      // A failed load rolls the dropped objects back too.
      expect(() =>
        inWriteTransaction(t.db, () =>
          withDeferredIndexes(t.db, BULK_TABLES, () => {
            throw new Error('disk full');
          }),
        ),
      ).toThrow('disk full');
      expect(schema()).toEqual(before);
    } finally {
      t.cleanup();
    }
  });
});
