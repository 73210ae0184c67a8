import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExportRows, exportRows } from '@main/core/exports';
import { newId } from '@main/core/ids';
import { localInstant } from '../../../helpers/clinic-fixture';
import { openTempDb } from '../../../helpers/tempdb';
import { clinicWithVisits } from './support';

let t: ReturnType<typeof openTempDb>;
beforeEach(() => (t = openTempDb()));
afterEach(() => t.cleanup());

describe('export rows (one query for every location of the scope)', () => {
  it('reads every location in its own zone, location by location then by time, and filters providers in the query', () => {
    const f = clinicWithVisits(t.db);
    // Two visits at Uptown (Chicago), written directly: exports read whatever the database holds.
    const insert = t.db.prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, busy_start_at, busy_end_at, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', 0, 0)`,
    );
    const uptownAt = (time: string, providerId: string) => {
      const start = localInstant('2025-03-04', time, 'America/Chicago');
      insert.run(newId(), f.patients.ann, providerId, f.uptown.id, f.rooms.uptown1.id, f.types.checkup.id, start, start + 1_800_000, start, start + 1_800_000);
    };
    uptownAt('08:00', f.providers.jones.id);
    uptownAt('07:00', f.providers.smith.id);

    const scope = { fromDate: '2025-03-01', toDate: '2025-03-31' };
    const rows = [...exportRows(t.db, scope, { names: true, reminders: true })];
    expect(rows).toHaveLength(countExportRows(t.db, scope));
    expect(rows.map((r) => r.locationName)).toEqual([...rows.map((r) => r.locationName)].sort());
    const uptown = rows.filter((r) => r.locationName === 'Uptown');
    expect(uptown.map((r) => [r.zone, r.date, r.start, r.end, r.providerName, r.roomName])).toEqual([
      ['America/Chicago', '2025-03-04', '07:00', '07:30', 'Dr. Smith', 'Uptown 1'],
      ['America/Chicago', '2025-03-04', '08:00', '08:30', 'Dr. Jones', 'Uptown 1'],
    ]);
    for (const loc of ['Main Street', 'Uptown']) {
      const starts = rows.filter((r) => r.locationName === loc).map((r) => r.startAt);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
    expect(uptown[0]!.patientName).toMatch(/, /);
    expect(rows.every((r) => r.patientPhone !== null)).toBe(true);

    const jonesScope = { ...scope, providerIds: [f.providers.jones.id] };
    const jones = [...exportRows(t.db, jonesScope, { names: false, reminders: false })];
    expect(jones.length).toBe(countExportRows(t.db, jonesScope));
    expect(jones.length).toBeGreaterThan(0);
    expect(new Set(jones.map((r) => r.providerName))).toEqual(new Set(['Dr. Jones']));
    expect(jones.every((r) => r.patientName === null && r.reminders === '')).toBe(true);

    const onlyUptown = { ...scope, locationIds: [f.uptown.id], providerIds: [f.providers.smith.id] };
    expect([...exportRows(t.db, onlyUptown, { names: false, reminders: false })].map((r) => r.start)).toEqual(['07:00']);
    expect(countExportRows(t.db, onlyUptown)).toBe(1);
  });

  it('lists reminder states earliest first, whatever order the rows were written in', () => {
    const { ids } = clinicWithVisits(t.db);
    // Rewrite one visit's reminders with the 1-hour one first (rowid order = the order SQLite groups them in).
    const mine = t.db.prepare(`SELECT * FROM reminders WHERE appointment_id = ? ORDER BY offset_min ASC`).all(ids.springAfter) as Array<Record<string, unknown>>;
    expect(mine.map((r) => r.offset_min)).toEqual([60, 1440]);
    t.db.prepare(`DELETE FROM reminders WHERE appointment_id = ?`).run(ids.springAfter);
    const columns = Object.keys(mine[0]!);
    const reinsert = t.db.prepare(`INSERT INTO reminders (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    for (const r of mine) reinsert.run(r);
    const rows = [...exportRows(t.db, { fromDate: '2025-03-01', toDate: '2025-11-30' }, { names: false, reminders: true })];
    const withReminders = rows.filter((r) => r.reminders !== '');
    expect(withReminders.length).toBeGreaterThan(0);
    for (const r of withReminders) expect(r.reminders).toMatch(/^24h \w+; 1h \w+$/);
  });
});
