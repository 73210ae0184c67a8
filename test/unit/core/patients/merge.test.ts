import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppointmentType, createLocation, createProvider } from '@main/core/clinic';
import {
  createPatient,
  getPatientPanel,
  linkFamily,
  mergePatients,
  PATIENT_REFERENCES,
  searchPatients,
  undoMerge,
  updatePatient,
} from '@main/core/patients';
import type { Patient } from '@shared/domain/patients';
import { caught, NOW, patientsTestContext, writeCounts } from './fixtures';

const HOUR = 3_600_000;

describe('merging duplicate records', () => {
  let ctx: ReturnType<typeof patientsTestContext>;
  let keep: Patient;
  let dupe: Patient;
  let visitOf: (id: string, patientId: string, h: number) => void;

  beforeEach(() => {
    ctx = patientsTestContext();
    const location = createLocation(ctx, { name: 'Main Street', zone: 'America/New_York' });
    const provider = createProvider(ctx, { name: 'Dr. Rivera', colour: '#1f77b4', zone: 'America/New_York' });
    const type = createAppointmentType(ctx, { name: 'Check-up', durationMin: 30, colour: '#2ca02c', providerIds: [provider.id] });
    keep = createPatient(ctx, { givenName: 'Jon', familyName: 'Smith', dateOfBirth: '1990-04-04', phone: '212 555 0100' });
    dupe = createPatient(ctx, { givenName: 'John', familyName: 'Smith', dateOfBirth: '1990-04-04', email: 'john@example.com', phone: '212 555 0101' });
    const insert = ctx.db.prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, location_id, type_id, start_at, end_at, busy_start_at, busy_end_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
    );
    visitOf = (id, patientId, h) => {
      const start = NOW + h * HOUR;
      insert.run(id, patientId, provider.id, location.id, type.id, start, start + HOUR / 2, start, start + HOUR / 2);
      ctx.db.prepare(`INSERT INTO reminders (id, appointment_id, offset_min, due_at, updated_at) VALUES (?, ?, 60, ?, 0)`).run(`r-${id}`, id, start - HOUR);
    };
    visitOf('v-keep', keep.id, 24);
    visitOf('v-dupe-1', dupe.id, 48);
    visitOf('v-dupe-2', dupe.id, -48);
  });
  afterEach(() => ctx.cleanup());

  it('names every table that points at a patient in one list', () => {
    const fks = ctx.db
      .prepare(`SELECT m.name AS tbl, f."from" AS col FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'patients'`)
      .all() as Array<{ tbl: string; col: string }>;
    // Tombstone bookkeeping and search entries are the merge's own business, not references to move.
    const own = new Set(['patient_search_docs.patient_id', 'patients.merged_into', 'patient_merges.survivor_id', 'patient_merges.merged_id', 'patient_conflicts.patient_id']);
    const listed = new Set(PATIENT_REFERENCES.map((r) => `${r.table}.${r.column}`));
    for (const fk of fks) {
      const name = `${fk.tbl}.${fk.col}`;
      if (!own.has(name)) expect(listed, `${name} references patients but merges would leave it behind`).toContain(name);
    }
  });

  it('takes chosen fields, moves visits (with their reminders) and dependants, tombstones the other, hides it from search', () => {
    const kid = createPatient(ctx, { givenName: 'Kim', familyName: 'Smith', dateOfBirth: '2018-01-01', guardianId: dupe.id });
    const sister = createPatient(ctx, { givenName: 'Sue', familyName: 'Smith', dateOfBirth: '1992-01-01' });
    linkFamily(ctx, { patientId: dupe.id, memberId: sister.id });

    const kept = mergePatients(ctx, { keepId: keep.id, mergeId: dupe.id, takeFromMerged: ['email', 'givenName'] }).patient;
    expect(kept).toMatchObject({ givenName: 'John', email: 'john@example.com', phone: '212 555 0100', version: keep.version + 1 });
    const owners = ctx.db.prepare(`SELECT id, patient_id FROM appointments ORDER BY id`).all();
    expect(owners).toEqual([
      { id: 'v-dupe-1', patient_id: keep.id },
      { id: 'v-dupe-2', patient_id: keep.id },
      { id: 'v-keep', patient_id: keep.id },
    ]);
    expect(ctx.db.prepare(`SELECT guardian_id FROM patients WHERE id = ?`).pluck().get(kid.id)).toBe(keep.id);
    // The household came along: the kept record had none.
    const panel = getPatientPanel(ctx, { id: keep.id });
    expect(panel.family.map((f) => f.givenName).sort()).toEqual(['Kim', 'Sue']);
    expect(panel.upcoming.map((v) => v.appointmentId)).toEqual(['v-keep', 'v-dupe-1']);
    expect(panel.undoableMerges).toEqual([expect.objectContaining({ mergedId: dupe.id, mergedName: 'John Smith' })]);

    expect(searchPatients(ctx, { query: 'smith' }).hits.map((h) => h.id)).not.toContain(dupe.id);
    expect(caught(() => getPatientPanel(ctx, { id: dupe.id })).code).toBe('NOT_FOUND');
    expect(caught(() => updatePatient(ctx, { id: dupe.id, city: 'X' })).code).toBe('NOT_FOUND');

    const ops = ctx.db.prepare(`SELECT operation, entity_id FROM outbox WHERE seq > (SELECT max(seq) - 2 FROM outbox) ORDER BY seq`).all();
    expect(ops).toEqual([
      { operation: 'patient.update', entity_id: keep.id },
      { operation: 'patient.merge', entity_id: dupe.id },
    ]);
    const audit = ctx.db.prepare(`SELECT details FROM audit_log WHERE action = 'patient.merge'`).pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ keptId: keep.id, moved: { 'appointments.patient_id': 2, 'patients.guardian_id': 1 } });
  });

  it('undoes a merge the same day: rows go back, both records as they were, search finds it again', () => {
    mergePatients(ctx, { keepId: keep.id, mergeId: dupe.id, takeFromMerged: ['email'] });
    // A later visit of the kept record stays with it.
    visitOf('v-after', keep.id, 72);
    ctx.clock.advance(2 * HOUR);
    const restored = undoMerge(ctx, { mergedId: dupe.id }).patient;
    expect(restored.email).toBeNull();
    const owners = Object.fromEntries((ctx.db.prepare(`SELECT id, patient_id FROM appointments`).all() as Array<{ id: string; patient_id: string }>).map((r) => [r.id, r.patient_id]));
    expect(owners).toEqual({ 'v-keep': keep.id, 'v-after': keep.id, 'v-dupe-1': dupe.id, 'v-dupe-2': dupe.id });
    expect(getPatientPanel(ctx, { id: dupe.id }).patient).toMatchObject({ givenName: 'John', mergedInto: null });
    expect(searchPatients(ctx, { query: 'john smith' }).hits.map((h) => h.id)).toContain(dupe.id);
    expect(ctx.db.prepare(`SELECT operation FROM outbox ORDER BY seq DESC LIMIT 1`).pluck().get()).toBe('patient.unmerge');
    expect(caught(() => undoMerge(ctx, { mergedId: dupe.id })).code).toBe('NOT_FOUND');
  });

  it('refuses an undo after the clinic day ended, and bad merges, changing nothing', () => {
    mergePatients(ctx, { keepId: keep.id, mergeId: dupe.id });
    ctx.clock.advance(24 * HOUR);
    const before = writeCounts(ctx);
    expect(caught(() => undoMerge(ctx, { mergedId: dupe.id })).code).toBe('CONFLICT');
    const other = createPatient(ctx, { givenName: 'Zed', familyName: 'Zed', dateOfBirth: '1970-01-01' });
    const after = writeCounts(ctx);
    expect(caught(() => mergePatients(ctx, { keepId: other.id, mergeId: other.id })).code).toBe('VALIDATION');
    expect(caught(() => mergePatients(ctx, { keepId: other.id, mergeId: dupe.id })).code).toBe('NOT_FOUND');
    expect(caught(() => mergePatients(ctx, { keepId: other.id, mergeId: keep.id, keepVersion: 7 })).code).toBe('CONFLICT');
    expect(writeCounts(ctx)).toEqual(after);
    expect(after.patients).toBe((before.patients ?? 0) + 1);
  });
});
