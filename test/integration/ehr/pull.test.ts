import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { findSlotsFor } from '@main/core/availability';
import { book } from '@main/core/booking';
import { findEhrPatients, importEhrPatient } from '@main/app/ehr-patients';
import { APPOINTMENT_ID_SYSTEM } from '@main/sync/adapters/fhir/resources';
import { localInstant } from '../../helpers/clinic-fixture';
import { expectAppError } from '../../helpers/expect-error';
import { useEhrDesks, type EhrDesk } from './ehr-desk';

/**
 * The EHR → Frontdesk: patients found by name and birth date and imported,
 * and the EHR's own bookings kept free on the desk's schedule.
 */
const open = useEhrDesks();
const setUp = () => open({ auth: { kind: 'bearer', token: 'desk-token' } });

const auditActions = (d: EhrDesk): string[] => d.fx.ctx.db.prepare(`SELECT action FROM audit_log ORDER BY seq`).pluck().all() as string[];

describe('pulling from the EHR', () => {
  it('finds a patient the desk does not have by name and birth date, imports them linked, and books them with that EHR Patient', async () => {
    const { fhir, desk } = await setUp();
    const dana = await fhir.seed<Patient>({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:ehr:mrn', value: 'MRN-4471', type: { text: 'MRN' } }],
      name: [{ use: 'official', family: 'Dunn', given: ['Dana'] }],
      birthDate: '1990-04-12',
      telecom: [{ system: 'phone', value: '(212) 555-0188' }],
    });
    await fhir.seed<Patient>({ resourceType: 'Patient', name: [{ family: 'Dunn', given: ['Dana'] }], birthDate: '1991-04-12' });

    const matches = await findEhrPatients(desk.fx.ctx, { familyName: 'Dunn', givenName: 'Dana', dateOfBirth: '1990-04-12' });
    expect(matches).toEqual([
      { reference: `Patient/${dana.id}`, givenName: 'Dana', familyName: 'Dunn', dateOfBirth: '1990-04-12', phone: '(212) 555-0188', identifiers: ['MRN MRN-4471'], localPatientId: null },
    ]);
    const imported = await importEhrPatient(desk.fx.ctx, { reference: `Patient/${dana.id}` });
    expect(imported).toMatchObject({ givenName: 'Dana', familyName: 'Dunn', dateOfBirth: '1990-04-12', phone: '(212) 555-0188' });
    // Imported once: asking again answers the same local patient.
    expect((await importEhrPatient(desk.fx.ctx, { reference: `Patient/${dana.id}` })).id).toBe(imported.id);
    expect((await findEhrPatients(desk.fx.ctx, { familyName: 'dunn', dateOfBirth: '1990-04-12' }))[0]!.localPatientId).toBe(imported.id);
    expect(auditActions(desk)).toEqual(expect.arrayContaining(['ehr.patient_lookup', 'ehr.patient_import']));

    desk.engine.start();
    const visit = book(desk.fx.ctx, {
      patientId: imported.id,
      providerId: desk.fx.providers.smith.id,
      locationId: desk.fx.main.id,
      typeId: desk.fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '09:30'),
    });
    await desk.engine.cycle(5_000);
    const [appt] = await fhir.search<Appointment>('Appointment', { identifier: `${APPOINTMENT_ID_SYSTEM}|${visit.id}` });
    expect(appt!.participant.map((p) => p.actor?.reference)).toContain(`Patient/${dana.id}`);
    expect(await fhir.search('Patient')).toHaveLength(2); // nobody registered twice
  });

  it('keeps the EHR’s own bookings and busy slots free on the desk, and lets them go when the EHR frees them', async () => {
    const { fhir, desk } = await setUp();
    const { fx } = desk;
    const seeded = await fhir.seed<Appointment>({
      resourceType: 'Appointment',
      status: 'booked',
      start: new Date(localInstant('2025-03-03', '10:00')).toISOString(),
      end: new Date(localInstant('2025-03-03', '10:30')).toISOString(),
      participant: [{ actor: { reference: desk.smithRef }, status: 'accepted' }],
    });
    await fhir.seed<Appointment>({
      resourceType: 'Appointment',
      status: 'cancelled',
      start: new Date(localInstant('2025-03-03', '11:00')).toISOString(),
      end: new Date(localInstant('2025-03-03', '11:30')).toISOString(),
      participant: [{ actor: { reference: desk.smithRef }, status: 'accepted' }],
    });
    const schedule = await fhir.seed<Schedule>({ resourceType: 'Schedule', actor: [{ reference: desk.smithRef }] });
    await fhir.seed<Slot>({
      resourceType: 'Slot',
      schedule: { reference: `Schedule/${schedule.id}` },
      status: 'busy-unavailable',
      start: new Date(localInstant('2025-03-03', '14:00')).toISOString(),
      end: new Date(localInstant('2025-03-03', '15:00')).toISOString(),
    });
    desk.engine.start();
    await desk.engine.cycle(5_000);
    expect(desk.busyChanged).toEqual([[fx.providers.smith.id]]);

    const offered = (): number[] =>
      findSlotsFor(fx.ctx.db, fx.ctx.clock, {
        typeId: fx.types.checkup.id,
        who: { kind: 'provider', providerId: fx.providers.smith.id },
        locationId: fx.main.id,
        fromDate: '2025-03-03',
        toDate: '2025-03-03',
      }).slots.map((s) => s.start);
    const slots = offered();
    expect(slots).not.toContain(localInstant('2025-03-03', '10:00'));
    expect(slots).not.toContain(localInstant('2025-03-03', '14:30'));
    expect(slots).toContain(localInstant('2025-03-03', '11:00')); // cancelled in the EHR: free
    expectAppError(
      () =>
        book(fx.ctx, {
          patientId: fx.patients.ann,
          providerId: fx.providers.smith.id,
          locationId: fx.main.id,
          typeId: fx.types.checkup.id,
          startAt: localInstant('2025-03-03', '10:00'),
        }),
      'BLOCKED',
    );

    // The desk's own visits sent to the EHR are not read back as busy time.
    book(fx.ctx, { patientId: fx.patients.bob, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-03', '09:00') });
    // Cancelled at the EHR: the time comes back at the next read.
    await fhir.repo.updateResource({ ...seeded, status: 'cancelled' });
    desk.engine.refresh();
    await desk.engine.cycle(5_000);
    expect(offered()).toContain(localInstant('2025-03-03', '10:00'));
    expect(fx.ctx.db.prepare(`SELECT COUNT(*) FROM external_busy WHERE source LIKE 'fhir:%'`).pluck().get()).toBe(1);
  });
});
