import { describe, expect } from 'vitest';
import { book } from '@main/core/booking';
import { getPatientPanel, linkFamily, mergePatients, resolvePatientConflict, searchPatients, undoMerge, updatePatient } from '@main/core/patients';
import type { PatientId } from '@shared/domain/ids';
import { localInstant } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * The full patient record through a real PostgreSQL hub, two desks each under
 * its own enrolled role: an edit (address, alert, insurance, household)
 * arrives at the other desk; two desks editing different fields at once both
 * keep their change; two desks editing the same field at once make a visible
 * conflict on the desk that came second, never a silent overwrite; a merge
 * moves the other desk's visits too, and an undo moves them back.
 */

/** Push, then pull until both desks have seen everything. */
async function settle(...desks: Desk[]): Promise<void> {
  for (const d of desks) await drain(d);
  for (const d of desks) await d.engine.cycle(5_000);
}

const record = (d: Desk, id: PatientId) => getPatientPanel(d.ctx, { id }).patient;

describe('patient records between desks', () => {
  // Sync cycles run when the test asks (drain, settle), so the order of arrival at the hub is the test's.
  hubTest.override('deskOptions', { pollMs: 60_000 });

  hubTest('an edit at one desk arrives at the other with every new field', async ({ deskA: a, deskB: b, clinic: f }) => {
    const ann = f.patients.ann as PatientId;
    await settle(a, b);
    updatePatient(a.ctx, {
      id: ann,
      expectedVersion: 1,
      phone: '212 555 0199',
      addressLine1: '12 Elm St',
      city: 'Springfield',
      alert: 'Needs wheelchair access',
      insurancePayer: 'Delta Dental',
      insuranceMemberId: 'XJ-0042',
      guardianId: f.patients.bob,
    });
    linkFamily(a.ctx, { patientId: ann, memberId: f.patients.cyd });
    await settle(a, b);
    const seen = record(b, ann);
    expect(seen).toMatchObject({ phone: '212 555 0199', city: 'Springfield', alert: 'Needs wheelchair access', insuranceMemberId: 'XJ-0042', guardianId: f.patients.bob, version: 3 });
    expect(getPatientPanel(b.ctx, { id: ann }).family.map((f) => f.givenName).sort()).toEqual(['Bob', 'Cyd']);
    expect(searchPatients(b.ctx, { query: '2125550199' }).hits.map((h) => h.id)).toEqual([ann]);
  });

  hubTest('concurrent edits of different fields both survive; of the same field the second desk gets a conflict to settle', async ({ deskA: a, deskB: b, clinic: f }) => {
    const ann = f.patients.ann as PatientId;
    await settle(a, b);

    // Different fields: A the e-mail, B the city. A reaches the hub first; B's change is laid over it.
    updatePatient(a.ctx, { id: ann, expectedVersion: 1, email: 'ann@example.com' });
    updatePatient(b.ctx, { id: ann, expectedVersion: 1, city: 'Shelbyville' });
    await drain(a);
    await drain(b);
    await settle(a, b);
    for (const d of [a, b]) expect(record(d, ann)).toMatchObject({ email: 'ann@example.com', city: 'Shelbyville', version: 3 });
    expect(getPatientPanel(b.ctx, { id: ann }).conflict).toBeNull();

    // The same field: both change the phone.
    updatePatient(a.ctx, { id: ann, expectedVersion: 3, phone: '212 555 0001' });
    updatePatient(b.ctx, { id: ann, expectedVersion: 3, phone: '212 555 0002' });
    await drain(a);
    await drain(b);
    await settle(a, b);
    expect(record(a, ann).phone).toBe('212 555 0001');
    // B still shows its own value, with the conflict beside it; nothing was overwritten.
    const panel = getPatientPanel(b.ctx, { id: ann });
    expect(panel.patient.phone).toBe('212 555 0002');
    expect(panel.conflict).toMatchObject({ fields: ['phone'], mine: { phone: '212 555 0002' }, theirs: { phone: '212 555 0001' } });
    // A further edit waits for the choice.
    expect(() => updatePatient(b.ctx, { id: ann, city: 'X' })).toThrow(/Choose which version/);

    resolvePatientConflict(b.ctx, { patientId: ann, keep: 'mine' });
    await settle(b, a);
    for (const d of [a, b]) expect(record(d, ann)).toMatchObject({ phone: '212 555 0002', email: 'ann@example.com', city: 'Shelbyville' });
    expect(getPatientPanel(b.ctx, { id: ann }).conflict).toBeNull();
  });

  hubTest('a merge moves the other desk’s visits and hides the tombstone there; an undo moves them back', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const ann = f.patients.ann as PatientId;
    const visit = book(b.ctx, { patientId: f.patients.cyd, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-05', '10:00') });
    await settle(b, a);

    mergePatients(a.ctx, { keepId: ann, mergeId: f.patients.cyd, takeFromMerged: ['dateOfBirth'] });
    await settle(a, b);
    expect(b.db.prepare(`SELECT patient_id FROM appointments WHERE id = ?`).pluck().get(visit.id)).toBe(ann);
    expect(searchPatients(b.ctx, { query: 'cyd' }).hits).toEqual([]);
    expect(record(b, ann).dateOfBirth).toBe('2001-11-30');
    const [hubRow] = await hubQuery(hub.superUrl, `SELECT snapshot->'patient'->>'mergedInto' AS into FROM frontdesk.hub_entities WHERE entity_id = $1`, [f.patients.cyd]);
    expect(hubRow).toEqual({ into: ann });

    undoMerge(a.ctx, { mergedId: f.patients.cyd });
    await settle(a, b);
    expect(b.db.prepare(`SELECT patient_id FROM appointments WHERE id = ?`).pluck().get(visit.id)).toBe(f.patients.cyd);
    expect(searchPatients(b.ctx, { query: 'cyd' }).hits.map((h) => h.id)).toEqual([f.patients.cyd]);
    expect(record(b, ann).dateOfBirth).toBe('1980-01-01');
  });
});
