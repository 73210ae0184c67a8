import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SlotOffer } from '@shared/domain/availability';
import type { AppointmentId } from '@shared/domain/ids';
import { invoke } from '@renderer/api';
import { useCancel, useReschedule, useWhyNot } from '@renderer/features/booking/appointment-flows';
import { bookingPatientSearch, useBookingFlow } from '@renderer/features/booking/booking-flow';
import { useBookingDone } from '@renderer/features/booking/booking-shared';
import { usePatientSearch } from '@renderer/features/patient-search';
import { useNotices } from '@renderer/stores/notices';
import { useUndo } from '@renderer/stores/undo';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';

/**
 * The booking dialogs' flows against a real main (temp SQLite, real handler
 * table): Monday 2025-03-03 08:00 in New York; Smith and Jones work at Main
 * 09:00–12:00 and 13:00–17:00.
 */
let main: RendererMain;
beforeAll(async () => {
  main = await connectReadyRenderer();
});
afterAll(async () => main.close());
afterEach(() => {
  main.release();
  useBookingFlow.getState().close();
  useReschedule.getState().close();
  useCancel.getState().close();
  useWhyNot.getState().close();
  useBookingDone.getState().clear();
  useUndo.getState().dismiss();
  usePatientSearch.getState().closePanel();
});

const flow = () => useBookingFlow.getState().flow!;
const ann = () => ({ id: main.clinic.patients.ann, name: 'Ann Archer', dateOfBirth: '1980-01-01' });

async function bookDirectly(slot: SlotOffer, patientId = main.clinic.patients.bob): Promise<AppointmentId> {
  const r = await invoke('appointments/book', {
    patientId,
    providerId: slot.providerIds[0]!,
    locationId: slot.locationId,
    typeId: main.clinic.types.checkup.id,
    startAt: slot.start,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.id;
}

describe('booking dialog', () => {
  it('walks find → patient → confirm, one status at a time, and announces the booking', async () => {
    const booking = useBookingFlow.getState();
    await booking.openFindNext({ criteria: { typeId: main.clinic.types.checkup.id, providerId: main.clinic.providers.smith.id } });
    expect(flow()).toMatchObject({ step: 'find', status: 'idle', slots: null, patient: null });

    main.hold();
    const searching = booking.findTimes();
    expect(flow().status).toBe('searching');
    await vi.waitUntil(() => main.heldCount() === 1);
    main.release();
    await searching;
    expect(flow().status).toBe('idle');
    const first = flow().slots![0]!;
    expect(first.start).toBe(localInstant('2025-03-03', '09:00'));

    booking.chooseSlot(first);
    expect(flow().step).toBe('patient');
    booking.searchPatients('Archer');
    await vi.waitUntil(() => bookingPatientSearch.query.getState().status === 'ready');
    const hit = bookingPatientSearch.query.getState().data!.hits[0]!;
    booking.choosePatient({ id: hit.id, name: 'Ann Archer', dateOfBirth: hit.dateOfBirth });
    expect(flow()).toMatchObject({ step: 'confirm', status: 'idle' });

    booking.setNote('Prefers mornings');
    await booking.confirmBooking();
    expect(useBookingFlow.getState().flow).toBeNull();
    expect(useBookingDone.getState().done?.message).toMatch(/^Booked Ann Archer: Mon, Mar 3, 9:00 AM EST — Checkup with Dr\. \w+ at Main Street\.$/);
    expect(usePatientSearch.getState().patientId).toBe(main.clinic.patients.ann);
  });

  it('says so and shows fresh times when another desk took the time meanwhile', async () => {
    const booking = useBookingFlow.getState();
    await booking.openFindNext({ patient: ann(), criteria: { typeId: main.clinic.types.checkup.id, providerId: main.clinic.providers.jones.id } });
    await booking.findTimes();
    const slot = flow().slots![0]!;
    booking.chooseSlot(slot);
    expect(flow().step).toBe('confirm'); // the patient was known: straight to confirm

    await bookDirectly(slot);
    await booking.confirmBooking();
    expect(flow()).toMatchObject({ step: 'find', status: 'idle', chosen: null, problem: { code: 'SLOT_TAKEN' } });
    expect(flow().problem!.message).toMatch(/The times below are free right now\.$/);
    expect(flow().slots!.map((s) => s.start)).not.toContain(slot.start);
  });

  it('drops a search answer that comes after the dialog closed', async () => {
    const booking = useBookingFlow.getState();
    await booking.openFindNext({ criteria: { typeId: main.clinic.types.checkup.id } });
    main.hold();
    const searching = booking.findTimes();
    await vi.waitUntil(() => main.heldCount() === 1);
    booking.close();
    main.release();
    await searching;
    expect(useBookingFlow.getState().flow).toBeNull();

    // A dialog opened meanwhile is not touched by the older dialog's answer either.
    await booking.openFindNext({ criteria: { typeId: main.clinic.types.checkup.id } });
    main.hold();
    const old = booking.findTimes();
    await vi.waitUntil(() => main.heldCount() === 1);
    await booking.openFindNext({ criteria: { typeId: main.clinic.types.cleaning.id } });
    main.release();
    await old;
    expect(flow()).toMatchObject({ status: 'idle', slots: null, criteria: { typeId: main.clinic.types.cleaning.id } });
  });

  it('checks a time picked on the grid and goes on to the patient when it is free', async () => {
    const booking = useBookingFlow.getState();
    const start = localInstant('2025-03-04', '10:00');
    await booking.startBooking({ providerId: main.clinic.providers.smith.id, start, locationId: main.clinic.main.id });
    expect(flow()).toMatchObject({ step: 'find', cell: { start }, criteria: { fromDate: '2025-03-04', typeId: main.clinic.types.checkup.id } });
    await booking.checkCellTime();
    expect(flow()).toMatchObject({ step: 'patient', status: 'idle', chosen: { start }, cellCheck: { bookable: true } });

    // At lunch nothing fits: it says why at once and offers Smith's nearest times instead.
    await booking.startBooking({ providerId: main.clinic.providers.smith.id, start: localInstant('2025-03-04', '12:15'), locationId: main.clinic.main.id });
    expect(flow()).toMatchObject({ step: 'find', status: 'idle', cellCheck: { bookable: false } });
    expect(flow().cellTypes!.some((t) => t.fits)).toBe(false);
    expect(flow().slots!.length).toBeGreaterThan(0);
  });

  it('proposes the provider’s most-booked type that fits the cell, never one that cannot', async () => {
    const { providers, types, main: site } = main.clinic;
    const surgery = async (time: string) =>
      invoke('appointments/book', { patientId: main.clinic.patients.bob, providerId: providers.smith.id, locationId: site.id, typeId: types.surgery.id, startAt: localInstant('2025-03-05', time) });
    expect((await surgery('09:00')).ok).toBe(true);
    expect((await surgery('13:00')).ok).toBe(true);
    const booking = useBookingFlow.getState();
    main.hold();
    const starting = booking.startBooking({ providerId: providers.smith.id, start: localInstant('2025-03-04', '09:00'), locationId: site.id });
    await vi.waitUntil(() => main.heldCount() === 1);
    // Until the types are checked, nothing is proposed.
    expect(flow()).toMatchObject({ status: 'searching', cellTypes: null, criteria: { typeId: '' } });
    main.release();
    await starting;
    expect(flow()).toMatchObject({ status: 'idle', criteria: { typeId: types.surgery.id } });

    // Before the lunch break the hour-long surgery does not fit: the half-hour checkup is proposed.
    await booking.startBooking({ providerId: providers.smith.id, start: localInstant('2025-03-04', '11:30'), locationId: site.id });
    expect(flow().criteria.typeId).toBe(types.checkup.id);
    expect(flow().cellTypes!.filter((t) => t.fits).map((t) => t.typeId)).toEqual([types.checkup.id]);
    expect(flow().cellCheck).toBeNull();
  });

  it('names the rule when a cell is inside another visit’s clean-up time', async () => {
    const { providers, types, main: site } = main.clinic;
    const r = await invoke('appointments/book', {
      patientId: main.clinic.patients.bob,
      providerId: providers.smith.id,
      locationId: site.id,
      typeId: types.cleaning.id,
      startAt: localInstant('2025-03-06', '09:00'),
    });
    expect(r.ok).toBe(true);
    await useBookingFlow.getState().startBooking({ providerId: providers.smith.id, start: localInstant('2025-03-06', '09:45'), locationId: site.id });
    const check = flow().cellCheck!;
    expect(check.bookable).toBe(false);
    expect(check.reasons).toContainEqual(expect.objectContaining({ kind: 'buffer', cause: expect.objectContaining({ kind: 'gap', cleanUpMin: 10 }) }));
  });

  it('warns about a possible duplicate with typed candidates, and creates anyway when told', async () => {
    const booking = useBookingFlow.getState();
    await booking.openFindNext({ criteria: { typeId: main.clinic.types.checkup.id } });
    const input = { givenName: 'Dee', familyName: 'Dunn', dateOfBirth: '1990-02-02', phone: null, email: null };
    const first = await invoke('patients/create', input);
    if (!first.ok) throw new Error(first.error.message);

    expect(await booking.createPatient(input)).toBe(false);
    expect(flow().status).toBe('idle');
    expect(flow().duplicates?.candidates.map((c) => c.id)).toEqual([first.data.id]);

    expect(await booking.createPatient(input, true)).toBe(true);
    expect(flow()).toMatchObject({ step: 'confirm', duplicates: null, patient: { name: 'Dee Dunn' } });
    expect(flow().patient!.id).not.toBe(first.data.id);
  });
});

describe('appointment dialogs', () => {
  async function bookedVisit(time: string): Promise<AppointmentId> {
    const r = await invoke('slots/explain', {
      providerId: main.clinic.providers.jones.id,
      typeId: main.clinic.types.checkup.id,
      start: localInstant('2025-03-05', time),
      locationId: main.clinic.main.id,
    });
    if (!r.ok) throw new Error(r.error.message);
    return bookDirectly({ start: r.data.start, end: r.data.end, providerIds: [r.data.providerId], roomId: null, locationId: r.data.locationId }, main.clinic.patients.cyd);
  }

  it('moves a visit to a chosen free time', async () => {
    const id = await bookedVisit('09:00');
    const reschedule = useReschedule.getState();
    await reschedule.open(id);
    const f = useReschedule.getState().flow!;
    expect(f).toMatchObject({ status: 'idle', patientName: 'Cyd Cole', appointment: { id } });
    // From today (the visit is later: its own day), its own provider's times first, then the others who do the type.
    const own = f.appointment.providerId;
    expect(f.ownCount).toBeGreaterThan(0);
    expect(f.slots!.slice(0, f.ownCount).every((s) => s.providerIds[0] === own)).toBe(true);
    expect(f.slots!.slice(f.ownCount).length).toBeGreaterThan(0);
    expect(f.slots!.slice(f.ownCount).every((s) => s.providerIds[0] !== own)).toBe(true);
    expect(f.slots![0]!.start).toBeGreaterThanOrEqual(localInstant('2025-03-05', '00:00'));
    const to = f.slots!.find((s) => s.start > localInstant('2025-03-05', '14:00'))!;
    reschedule.choose(to);
    await reschedule.confirm();
    expect(useReschedule.getState().flow).toBeNull();
    expect(useUndo.getState().offer?.message).toMatch(/^Moved Cyd Cole's visit to Wed, Mar 5, /);
    const moved = await invoke('appointments/get', { id });
    expect(moved.ok && moved.data.startAt).toBe(to.start);

    // Undo from the message: back to 9:00 through the guard.
    await useUndo.getState().undo();
    expect(useUndo.getState().offer).toMatchObject({ status: 'undone' });
    const back = await invoke('appointments/get', { id });
    expect(back.ok && back.data.startAt).toBe(localInstant('2025-03-05', '09:00'));
  });

  it('keeps the dialog open with the reason when the move is refused, and searches again', async () => {
    const id = await bookedVisit('10:00');
    const other = await bookedVisit('11:00');
    const reschedule = useReschedule.getState();
    await reschedule.open(id);
    const taken = await invoke('appointments/get', { id: other });
    if (!taken.ok) throw new Error('no visit');
    reschedule.choose({ start: taken.data.startAt, end: taken.data.endAt, providerIds: [taken.data.providerId], roomId: null, locationId: taken.data.locationId });
    await reschedule.confirm();
    expect(useReschedule.getState().flow).toMatchObject({ status: 'idle', chosen: null, problem: { code: 'SLOT_TAKEN' } });
  });

  it('cancels a visit with a reason', async () => {
    const id = await bookedVisit('15:00');
    const cancel = useCancel.getState();
    await cancel.open(id);
    expect(useCancel.getState().flow).toMatchObject({ status: 'idle', patientName: 'Cyd Cole' });
    await cancel.confirm('Patient called');
    expect(useCancel.getState().flow).toBeNull();
    expect(useUndo.getState().offer?.message).toMatch(/^Cancelled Cyd Cole's visit on Wed, Mar 5, 3:00 PM/);

    // Someone books the freed time; the undo is refused with the guard's reason and nothing changes.
    const cancelled = await invoke('appointments/get', { id });
    if (!cancelled.ok) throw new Error('no visit');
    await bookDirectly({ start: cancelled.data.startAt, end: cancelled.data.endAt, providerIds: [cancelled.data.providerId], roomId: null, locationId: cancelled.data.locationId });
    await useUndo.getState().undo();
    expect(useUndo.getState().offer).toBeNull();
    expect(useNotices.getState().notices.at(-1)?.error.code).toBe('SLOT_TAKEN');
    const still = await invoke('appointments/get', { id });
    expect(still.ok && still.data.status).toBe('cancelled');
  });

  it('explains why a time is not bookable', async () => {
    const whyNot = useWhyNot.getState();
    main.hold();
    const explaining = whyNot.explain({ providerId: main.clinic.providers.smith.id, start: localInstant('2025-03-05', '07:00'), locationId: main.clinic.main.id });
    await vi.waitUntil(() => useWhyNot.getState().flow?.status === 'explaining');
    main.release();
    await explaining;
    const f = useWhyNot.getState().flow!;
    expect(f.status).toBe('explained');
    expect(f.status === 'explained' && f.explanation.bookable).toBe(false);
    expect(f.request.typeId).toBe(main.clinic.types.checkup.id);
  });
});
