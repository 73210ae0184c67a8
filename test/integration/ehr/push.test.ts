import type { Appointment, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { book, cancel, checkIn, reschedule } from '@main/core/booking';
import { inWriteTransaction } from '@main/core/db/transaction';
import { listEhrProblems, retryEhrVisit } from '@main/app/ehr-connection';
import { saveEhrMapping } from '@main/app/ehr-mappings';
import { APPOINTMENT_ID_SYSTEM, PATIENT_ID_SYSTEM } from '@main/sync/adapters/fhir/resources';
import { queueCounts } from '@main/sync/adapters/fhir/store';
import { localInstant } from '../../helpers/clinic-fixture';
import type { TestFhirServer } from '../../helpers/fhir-server';
import { useEhrDesks, type EhrDesk } from './ehr-desk';

/**
 * Frontdesk → the clinic's EHR as FHIR Appointments, against a real FHIR R4
 * server (Medplum's router and memory repository, validating every write).
 */
const open = useEhrDesks();
const setUp = (server: Parameters<typeof open>[0] = {}, deskOpts: Parameters<typeof open>[1] = {}) => open({ auth: { kind: 'bearer', token: 'desk-token' }, ...server }, deskOpts);

const appointmentsOf = (server: TestFhirServer, id: string) => server.search<Appointment>('Appointment', { identifier: `${APPOINTMENT_ID_SYSTEM}|${id}` });

function bookSmith(d: EhrDesk, time = '10:00', extra: { note?: string; roomId?: string } = {}) {
  const { fx } = d;
  return book(fx.ctx, {
    patientId: fx.patients.ann,
    providerId: fx.providers.smith.id,
    locationId: fx.main.id,
    typeId: fx.types.checkup.id,
    startAt: localInstant('2025-03-03', time),
    ...extra,
  });
}

describe('pushing visits to the EHR', () => {
  it('sends a new visit as an Appointment with neutral fields, the patient registered once, and follows its changes', async () => {
    const { fhir, desk } = await setUp();
    desk.engine.start();
    const visit = bookSmith(desk, '10:00', { note: 'Knee pain, call 555-0101', roomId: desk.fx.rooms.op1.id });
    await desk.engine.cycle(5_000);

    const [appt, ...more] = await appointmentsOf(fhir, visit.id);
    expect(more).toHaveLength(0);
    expect(appt!.status).toBe('booked');
    expect(appt!.start).toBe('2025-03-03T15:00:00.000Z');
    expect(appt!.end).toBe('2025-03-03T15:30:00.000Z');
    expect(appt!.appointmentType?.coding?.[0]?.code).toBe('CHECKUP');
    const actors = appt!.participant.map((p) => p.actor?.reference);
    expect(actors).toEqual(expect.arrayContaining([desk.smithRef, desk.mainRef, desk.op1Ref]));
    expect(JSON.stringify(appt)).not.toMatch(/Knee|555-0101|Archer/);
    expect(appt!.comment).toBeUndefined();

    const [patient] = await fhir.search<Patient>('Patient', { identifier: `${PATIENT_ID_SYSTEM}|${desk.fx.patients.ann}` });
    expect(actors).toContain(`Patient/${patient!.id!}`);
    expect(patient!.birthDate).toBe('1980-01-01');

    // Moved, then checked in: the same Appointment, updated with If-Match.
    const moved = reschedule(desk.fx.ctx, { id: visit.id, startAt: localInstant('2025-03-03', '11:00'), expectedVersion: visit.version });
    await desk.engine.cycle(5_000);
    checkIn(desk.fx.ctx, { id: visit.id, expectedVersion: moved.version });
    await desk.engine.cycle(5_000);
    const after = await appointmentsOf(fhir, visit.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.status).toBe('arrived');
    expect(after[0]!.start).toBe('2025-03-03T16:00:00.000Z');
    const puts = fhir.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/fhir/R4/Appointment/'));
    expect(puts).toHaveLength(2);
    expect(puts.every((r) => typeof r.headers['if-match'] === 'string')).toBe(true);
    expect(queueCounts(desk.fx.ctx.db).pending).toBe(0);

    // A second booking of the same patient reuses the EHR Patient.
    bookSmith(desk, '14:00');
    await desk.engine.cycle(5_000);
    expect(await fhir.search<Patient>('Patient')).toHaveLength(1);
  });

  it.each([true, false])('creates no duplicate when a visit is delivered again (conditional create offered: %s)', async (conditionalCreate) => {
    const { fhir, desk } = await setUp({ conditionalCreate });
    desk.engine.start();
    const visit = bookSmith(desk);
    await desk.engine.cycle(5_000);
    // The answer "was lost": the desk forgets it delivered the visit and sends it again.
    inWriteTransaction(desk.fx.ctx.db, () => {
      desk.fx.ctx.db.prepare(`DELETE FROM ehr_appointments`).run();
      desk.fx.ctx.db.prepare(`INSERT INTO ehr_push_queue (appointment_id) VALUES (?)`).run(visit.id);
    });
    desk.engine.kick();
    await desk.engine.cycle(5_000);
    expect(await appointmentsOf(fhir, visit.id)).toHaveLength(1);
    expect(queueCounts(desk.fx.ctx.db).pending).toBe(0);
    const conditional = fhir.requests.filter((r) => r.method === 'POST' && r.path === '/fhir/R4/Appointment' && r.headers['if-none-exist']);
    const searches = fhir.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/fhir/R4/Appointment?identifier='));
    expect(conditional).toHaveLength(conditionalCreate ? 2 : 0);
    expect(searches).toHaveLength(conditionalCreate ? 0 : 2);
  });

  it('shows an update refused with 412 (changed in the EHR meanwhile) as a conflict, and sends it over on Retry', async () => {
    const { fhir, desk } = await setUp();
    desk.engine.start();
    const visit = bookSmith(desk);
    await desk.engine.cycle(5_000);
    const [stored] = await appointmentsOf(fhir, visit.id);
    await fhir.repo.updateResource({ ...stored!, comment: 'Changed at the EHR' });

    const moved = reschedule(desk.fx.ctx, { id: visit.id, startAt: localInstant('2025-03-03', '11:00'), expectedVersion: visit.version });
    await desk.engine.cycle(5_000);
    const problems = listEhrProblems(desk.fx.ctx.db);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ appointmentId: visit.id, state: 'conflict', providerName: 'Dr. Smith' });
    expect(problems[0]!.message).toContain('changed in the EHR meanwhile');
    expect(problems[0]!.message).toContain('Precondition Failed');
    expect((await appointmentsOf(fhir, visit.id))[0]!.start).toBe('2025-03-03T15:00:00.000Z');

    retryEhrVisit(desk.services, visit.id);
    await desk.engine.cycle(5_000);
    expect(listEhrProblems(desk.fx.ctx.db)).toHaveLength(0);
    expect((await appointmentsOf(fhir, visit.id))[0]!.start).toBe(new Date(moved.startAt).toISOString());
  });

  it('shows a business refusal with the EHR’s own words', async () => {
    const { fhir, desk } = await setUp();
    fhir.refuseWrites((r) => (r.resourceType === 'Appointment' ? 'Dr. Smith does not take bookings on Mondays' : null));
    desk.engine.start();
    bookSmith(desk);
    await desk.engine.cycle(5_000);
    const [problem] = listEhrProblems(desk.fx.ctx.db);
    expect(problem?.state).toBe('conflict');
    expect(problem?.message).toContain('“Dr. Smith does not take bookings on Mondays”');
    expect(await fhir.search('Appointment')).toHaveLength(0);
  });

  it('keeps visits while the EHR is down and delivers each exactly once when it is back', async () => {
    const { fhir, desk } = await setUp();
    desk.engine.start();
    await fhir.stop();
    const visits = ['09:00', '10:00', '11:00'].map((t) => bookSmith(desk!, t));
    await desk.engine.cycle(5_000);
    expect(queueCounts(desk.fx.ctx.db)).toMatchObject({ pending: 3, attention: 0, conflict: 0 });
    expect(desk.fx.ctx.db.prepare(`SELECT MAX(attempts) FROM ehr_push_queue`).pluck().get()).toBe(0);
    expect(desk.fx.ctx.db.prepare(`SELECT last_error FROM ehr_connection`).pluck().get()).toContain('cannot be reached');

    await fhir.start();
    desk.engine.refresh();
    await desk.engine.cycle(5_000);
    expect(queueCounts(desk.fx.ctx.db).pending).toBe(0);
    for (const v of visits) expect(await appointmentsOf(fhir, v.id)).toHaveLength(1);
    expect(await fhir.search('Appointment')).toHaveLength(3);
    expect(desk.fx.ctx.db.prepare(`SELECT last_error FROM ehr_connection`).pluck().get()).toBeNull();
  });

  it('retries a visit through a 5xx storm with backoff and marks it "needs attention" after 5 tries', async () => {
    const { fhir, desk } = await setUp();
    // The patient is registered first, so every failing request below is the visit's own.
    desk.engine.start();
    bookSmith(desk, '09:00');
    await desk.engine.cycle(5_000);
    fhir.failNext(1_000, 503);
    const visit = bookSmith(desk, '10:00');
    await vi_waitFor(desk, () => queueCounts(desk.fx.ctx.db).attention === 1);
    const row = desk.fx.ctx.db.prepare(`SELECT state, attempts, last_error AS lastError FROM ehr_push_queue WHERE appointment_id = ?`).get(visit.id) as {
      state: string;
      attempts: number;
      lastError: string;
    };
    expect(row).toMatchObject({ state: 'attention', attempts: 5 });
    expect(row.lastError).toContain('Tried 5 times');
    const tries = fhir.requests.filter((r) => r.method === 'POST' && r.path === '/fhir/R4/Appointment' && r.status === 503);
    expect(tries).toHaveLength(5);
    // No more tries on its own; Retry after the EHR recovered sends it once.
    fhir.failNext(0);
    await desk.engine.cycle(5_000);
    expect(fhir.requests.filter((r) => r.method === 'POST' && r.path === '/fhir/R4/Appointment' && r.status === 503)).toHaveLength(5);
    retryEhrVisit(desk.services, visit.id);
    await desk.engine.cycle(5_000);
    expect(await appointmentsOf(fhir, visit.id)).toHaveLength(1);
    expect(queueCounts(desk.fx.ctx.db).attention).toBe(0);
    expect(desk.logLines.join('\n')).not.toMatch(/Archer|Ann/);
  });

  it('holds a visit whose type is unmapped as "needs mapping", and sends it once the type is mapped', async () => {
    const { fhir, desk } = await setUp();
    desk.engine.start();
    const visit = book(desk.fx.ctx, {
      patientId: desk.fx.patients.bob,
      providerId: desk.fx.providers.smith.id,
      locationId: desk.fx.main.id,
      typeId: desk.fx.types.cleaning.id,
      roomId: desk.fx.rooms.op2.id,
      startAt: localInstant('2025-03-03', '13:00'),
    });
    await desk.engine.cycle(5_000);
    expect(queueCounts(desk.fx.ctx.db)).toMatchObject({ 'needs-mapping': 1, conflict: 0, attention: 0 });
    expect(desk.fx.ctx.db.prepare(`SELECT last_error FROM ehr_push_queue`).pluck().get()).toContain('appointment type');
    expect(await fhir.search('Appointment')).toHaveLength(0);

    saveEhrMapping(desk.services, { kind: 'type', localId: desk.fx.types.cleaning.id, target: { reference: '', system: 'http://snomed.info/sct', code: '34043003', display: 'Dental cleaning' } });
    await desk.engine.cycle(5_000);
    const [appt] = await appointmentsOf(fhir, visit.id);
    expect(appt?.serviceType?.[0]?.coding?.[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '34043003' });
    // Op 2 is not mapped: the visit goes without its room.
    expect(appt!.participant).toHaveLength(3);
    expect(queueCounts(desk.fx.ctx.db)['needs-mapping']).toBe(0);
  });

  it('sends a cancellation as status cancelled, and the note only when the clinic turned it on', async () => {
    const { fhir, desk } = await setUp({}, { connection: { sendNotes: true } });
    desk.engine.start();
    const visit = bookSmith(desk, '10:00', { note: 'Bring X-rays' });
    await desk.engine.cycle(5_000);
    expect((await appointmentsOf(fhir, visit.id))[0]!.comment).toBe('Bring X-rays');
    cancel(desk.fx.ctx, { id: visit.id, reason: 'Patient is unwell', expectedVersion: visit.version });
    await desk.engine.cycle(5_000);
    const [appt] = await appointmentsOf(fhir, visit.id);
    expect(appt!.status).toBe('cancelled');
    expect(JSON.stringify(appt)).not.toContain('unwell');
  });

  it('in batch mode sends changes at the batch, not as they happen', async () => {
    const { fhir, desk } = await setUp({}, { connection: { mode: 'batch' }, engine: { batchMs: 60 * 60_000 } });
    desk.engine.start();
    await desk.engine.cycle(5_000); // the first batch runs at start
    const visit = bookSmith(desk);
    await desk.engine.cycle(5_000);
    expect(await appointmentsOf(fhir, visit.id)).toHaveLength(0);
    desk.engine.refresh(); // "Send now", or the next batch
    await desk.engine.cycle(5_000);
    expect(await appointmentsOf(fhir, visit.id)).toHaveLength(1);
  });
});

/** Runs engine cycles until `done` holds (each cycle is real work against the server; no sleeping). */
async function vi_waitFor(d: EhrDesk, done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await d.engine.cycle(5_000);
  expect(done()).toBe(true);
}
