import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WaitlistRowDto } from '@shared/domain/waitlist';
import { invoke } from '@renderer/api';
import { useAddToWaitlist, useWaitlistRows, waitlistRows, type EntryDraft } from '@renderer/features/waitlist/waitlist-store';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';

/**
 * The Waitlist view's flows against a real main (Monday 2025-03-03 08:00 in New York; Smith
 * and Jones work 09:00–12:00 and 13:00–17:00): adding a patient, booking a row at its
 * earliest time, closing a row, and what the desk is told when another desk got there first.
 */
let main: RendererMain;
let stopRows: () => void;
beforeAll(async () => {
  main = await connectReadyRenderer();
  stopRows = waitlistRows.follow();
  await waitlistRows.setInput({ status: 'open' });
});
afterAll(async () => {
  stopRows();
  await main.close();
});
afterEach(async () => {
  useAddToWaitlist.getState().close();
  useWaitlistRows.setState({ busyId: null, problem: null, done: null });
  // Each test starts with an empty list: close whatever is still open.
  const open = await invoke('waitlist/list', { status: 'open' });
  for (const row of open.ok ? open.data : []) await invoke('waitlist/close', { id: row.id, reason: 'Test over', expectedVersion: row.version });
  await waitlistRows.reload();
});

const draft = (patch: Partial<EntryDraft> = {}): EntryDraft => ({
  patient: { id: main.clinic.patients.ann, name: 'Ann Archer' },
  typeId: main.clinic.types.checkup.id,
  providerIds: [main.clinic.providers.smith.id],
  locationId: '',
  weekdays: [],
  partsOfDay: [],
  earliestDate: '',
  latestDate: '',
  note: '',
  ...patch,
});

const rows = (): WaitlistRowDto[] => waitlistRows.getState().data ?? [];

async function added(patch: Partial<EntryDraft> = {}): Promise<WaitlistRowDto> {
  useAddToWaitlist.getState().open(draft(patch));
  expect(await useAddToWaitlist.getState().save()).toBe(true);
  const patientId = (patch.patient ?? draft().patient)!.id;
  await vi.waitUntil(() => rows().some((r) => r.patientId === patientId));
  return rows().find((r) => r.patientId === patientId)!;
}

describe('adding a patient to the waitlist', () => {
  it('asks for the patient before sending anything', async () => {
    const before = main.calls.length;
    useAddToWaitlist.getState().open(draft({ patient: null }));
    expect(await useAddToWaitlist.getState().save()).toBe(false);
    expect(useAddToWaitlist.getState().errors).toEqual({ patientId: 'Choose the patient.' });
    expect(main.calls.slice(before)).not.toContain('waitlist/create');
  });

  it('shows main’s refusal at the field and keeps the dialog open with what was typed', async () => {
    useAddToWaitlist.getState().open(draft({ earliestDate: '2025-03-10', latestDate: '2025-03-07' }));
    expect(await useAddToWaitlist.getState().save()).toBe(false);
    const s = useAddToWaitlist.getState();
    expect(s.errors.latestDate).toBe('The latest date must be on or after the earliest date.');
    expect(s.problem).toBeNull();
    expect(s.draft?.latestDate).toBe('2025-03-07');
    expect(s.status).toBe('idle');
    expect(rows()).toEqual([]);
  });

  it('closes the dialog once saved; the list shows the entry with its earliest time, and the desk is told', async () => {
    const row = await added();
    expect(useAddToWaitlist.getState().draft).toBeNull();
    expect(useWaitlistRows.getState().done).toBe('Ann Archer is on the waitlist.');
    expect(row.earliest).toMatchObject({ start: localInstant('2025-03-03', '09:00'), providerIds: [main.clinic.providers.smith.id] });
  });
});

describe('a row of the Waitlist view', () => {
  it('books the row at its earliest time: the visit is on the schedule and the row leaves the list', async () => {
    const row = await added();
    await useWaitlistRows.getState().book(row);
    expect(useWaitlistRows.getState()).toMatchObject({ busyId: null, problem: null, done: 'Booked Ann Archer from the waitlist.' });
    await vi.waitUntil(() => rows().length === 0);
    const day = await invoke('appointments/list-in-range', {
      from: localInstant('2025-03-03', '00:00'),
      to: localInstant('2025-03-04', '00:00'),
    });
    if (!day.ok) throw new Error(day.error.message);
    expect(day.data.map((a) => ({ patientId: a.patientId, startAt: a.startAt }))).toContainEqual({
      patientId: main.clinic.patients.ann,
      startAt: localInstant('2025-03-03', '09:00'),
    });
  });

  it('names the row another desk changed first, books nothing, and shows the list as it is now', async () => {
    const row = await added({ patient: { id: main.clinic.patients.bob, name: 'Bob Baker' } });
    // Another desk closes it meanwhile: this desk's copy has the old version.
    const closed = await invoke('waitlist/close', { id: row.id, reason: 'Found a time by phone', expectedVersion: row.version });
    expect(closed.ok).toBe(true);
    await useWaitlistRows.getState().book(row);
    const s = useWaitlistRows.getState();
    expect(s.busyId).toBeNull();
    expect(s.problem?.id).toBe(row.id);
    expect(s.done).not.toMatch(/^Booked/);
    await vi.waitUntil(() => rows().every((r) => r.id !== row.id));
    const visits = await invoke('appointments/list-in-range', { from: localInstant('2025-03-03', '00:00'), to: localInstant('2025-03-10', '00:00') });
    expect(visits.ok && visits.data.filter((a) => a.patientId === main.clinic.patients.bob)).toEqual([]);
  });

  it('closes a row with the reason given', async () => {
    const row = await added({ patient: { id: main.clinic.patients.cyd, name: 'Cyd Cole' } });
    await useWaitlistRows.getState().close(row, 'Booked at another clinic');
    expect(useWaitlistRows.getState().done).toBe('Cyd Cole is off the waitlist.');
    await vi.waitUntil(() => rows().length === 0);
    const closed = await invoke('waitlist/list', { status: 'closed', patientId: main.clinic.patients.cyd });
    expect(closed.ok && closed.data.map((r) => r.id)).toEqual([row.id]);
  });
});
