import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppointmentId } from '@shared/domain/ids';
import { invoke } from '@renderer/api';
import { gridRange, selectedVisit, useGrid } from '@renderer/features/calendar-grid/grid-store';
import { currentSetup } from '@renderer/stores/clinic-setup';
import { useDay } from '@renderer/stores/day';
import { useNotices } from '@renderer/stores/notices';
import { useUndo } from '@renderer/stores/undo';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';

/**
 * The schedule's grid store against a real main (temp SQLite, real handler table, its push
 * events): which range it reads for the day, week and location shown, and what a status
 * change, a cancellation or a move does on screen before and after main answers. The fixture
 * clinic: Main Street (New York) and Uptown (Chicago); Smith and Jones work at Main on weekdays.
 */
let main: RendererMain;
let disconnect: () => void = () => undefined;

beforeAll(async () => {
  main = await connectReadyRenderer();
});
afterAll(async () => main.close());
beforeEach(() => {
  disconnect = useGrid.getState().connect();
});
afterEach(() => {
  disconnect();
  main.release();
  useGrid.getState().select(null);
  useGrid.setState({ mode: 'day', locationId: null, hiddenProviderIds: new Set(), weekProviderId: null, shown: null });
  useDay.setState({ day: null });
  useUndo.getState().dismiss();
  for (const n of useNotices.getState().notices) useNotices.getState().dismiss(n.id);
});

const visitOnGrid = (id: AppointmentId) => gridRange.getState().data?.appointments.find((a) => a.id === id);
const tue = (time: string) => localInstant('2025-03-04', time);

/** Shows Tuesday 4 March at every location and waits until the grid has read it. */
async function showTuesday(): Promise<void> {
  useDay.getState().show('2025-03-04');
  await vi.waitUntil(() => {
    const { status, dataInput } = gridRange.getState();
    return status === 'ready' && dataInput?.from === tue('00:00') && dataInput.locationId === undefined;
  });
}

async function bookDirectly(time: string, patient: 'ann' | 'bob' = 'ann'): Promise<AppointmentId> {
  const r = await invoke('appointments/book', {
    patientId: main.clinic.patients[patient],
    providerId: main.clinic.providers.smith.id,
    locationId: main.clinic.main.id,
    typeId: main.clinic.types.checkup.id,
    startAt: tue(time),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.id;
}

describe('the grid store', () => {
  it('reads the day shown on every location’s own clock, and again when a visit changes elsewhere', async () => {
    await showTuesday();
    // From midnight in New York to the next midnight in Chicago: each location's columns show its own day.
    expect(gridRange.getState().dataInput).toEqual({ from: tue('00:00'), to: localInstant('2025-03-05', '00:00', 'America/Chicago') });
    useGrid.getState().setLocation(main.clinic.main.id);
    await vi.waitUntil(() => gridRange.getState().dataInput?.locationId === main.clinic.main.id && gridRange.getState().status === 'ready');
    expect(gridRange.getState().dataInput).toEqual({ from: tue('00:00'), to: localInstant('2025-03-05', '00:00'), locationId: main.clinic.main.id });

    // Another screen books: main's push event makes the grid read the range again.
    const id = await bookDirectly('09:00');
    await vi.waitUntil(() => visitOnGrid(id) !== undefined);
    expect(visitOnGrid(id)).toMatchObject({ startAt: tue('09:00'), status: 'booked', version: 1 });
  });

  it('shows the week, Monday to Sunday, on each location’s clock; a column heading’s week names the row to scroll to', async () => {
    await showTuesday();
    const [first, second] = currentSetup()!.providers.filter((p) => p.active);
    useGrid.getState().toggleProvider(first!.id);
    useGrid.getState().setMode('week');
    // The week board shows every provider: switching to it names no row to scroll to.
    expect(useGrid.getState()).toMatchObject({ mode: 'week', weekProviderId: null, view: 'grid' });
    await vi.waitUntil(() => gridRange.getState().dataInput?.from === localInstant('2025-03-03', '00:00') && gridRange.getState().status === 'ready');
    expect(gridRange.getState().dataInput?.to).toBe(localInstant('2025-03-10', '00:00', 'America/Chicago'));

    useGrid.getState().toggleProvider(first!.id);
    expect(useGrid.getState().hiddenProviderIds.size).toBe(0);
    useGrid.getState().toggleProvider(second!.id);
    useGrid.getState().showAllProviders();
    expect(useGrid.getState().hiddenProviderIds.size).toBe(0);
    useGrid.getState().showWeekOf(first!.id);
    expect(useGrid.getState()).toMatchObject({ mode: 'week', weekProviderId: first!.id });
    // Rooms as columns are a day view.
    useGrid.getState().setAxis('rooms');
    expect(useGrid.getState()).toMatchObject({ mode: 'day', axis: 'rooms' });
    useGrid.getState().setAxis('providers');
  });

  it('keeps drawing the day (or week) it has until the read for the new one has landed; a day of the shown week shows at once', async () => {
    await showTuesday();
    expect(useGrid.getState().shown).toEqual({ date: '2025-03-04', mode: 'day' });

    main.hold();
    useDay.getState().show('2025-03-05');
    await vi.waitUntil(() => gridRange.getState().status === 'loading');
    // Tuesday's visits would draw nothing on Wednesday: the grid stays on Tuesday, busy.
    expect(useGrid.getState()).toMatchObject({ date: '2025-03-05', shown: { date: '2025-03-04', mode: 'day' } });
    main.release();
    await vi.waitUntil(() => useGrid.getState().shown?.date === '2025-03-05');
    expect(gridRange.getState().dataInput?.from).toBe(localInstant('2025-03-05', '00:00'));

    main.hold();
    useGrid.getState().setMode('week');
    await vi.waitUntil(() => gridRange.getState().status === 'loading');
    expect(useGrid.getState().shown).toEqual({ date: '2025-03-05', mode: 'day' });
    main.release();
    await vi.waitUntil(() => useGrid.getState().shown?.mode === 'week');
    expect(useGrid.getState().shown).toEqual({ date: '2025-03-05', mode: 'week' });

    // The week's read holds each of its days: the day view of Friday needs no new read to draw.
    useDay.getState().show('2025-03-07');
    useGrid.getState().setMode('day');
    expect(useGrid.getState().shown).toEqual({ date: '2025-03-07', mode: 'day' });
  });

  it('shows a status change at once and offers its undo; a visit changed elsewhere meanwhile is refused and read again', async () => {
    await showTuesday();
    const id = await bookDirectly('10:00');
    await vi.waitUntil(() => visitOnGrid(id) !== undefined);
    expect(await useGrid.getState().changeStatus('confirm', id)).toBe(true);
    expect(visitOnGrid(id)).toMatchObject({ status: 'confirmed', version: 2 });
    expect(useUndo.getState().offer).toMatchObject({ appointmentId: id, version: 2, status: 'offered' });
    expect(useUndo.getState().offer!.message).toMatch(/^Confirmed: Ann Archer, /);

    // Another desk checks the patient in while this grid does not follow main's pushes.
    disconnect();
    const other = await invoke('appointments/check-in', { id, expectedVersion: 2 });
    expect(other.ok).toBe(true);
    expect(visitOnGrid(id)?.version).toBe(2);
    expect(await useGrid.getState().changeStatus('mark-no-show', id)).toBe(false);
    expect(useNotices.getState().notices.map((n) => n.error.code)).toEqual(['CONFLICT']);
    await vi.waitUntil(() => visitOnGrid(id)?.status === 'checked_in');
    expect(visitOnGrid(id)?.version).toBe(3);
  });

  it('cancels with the reason, and the selected visit’s details show it without a new read', async () => {
    await showTuesday();
    const id = await bookDirectly('11:00', 'bob');
    await vi.waitUntil(() => visitOnGrid(id) !== undefined);
    useGrid.getState().select(id);
    await vi.waitUntil(() => selectedVisit.getState().data?.id === id);
    expect(selectedVisit.getState().data).toEqual({ id, version: 1, note: '', cancelReason: null });

    const reads = main.calls.filter((c) => c === 'appointments/get').length;
    expect(await useGrid.getState().cancel(id, 'Patient called')).toBe(true);
    expect(visitOnGrid(id)).toMatchObject({ status: 'cancelled', version: 2 });
    expect(selectedVisit.getState().data).toEqual({ id, version: 2, note: '', cancelReason: 'Patient called' });
    expect(main.calls.filter((c) => c === 'appointments/get')).toHaveLength(reads);
    expect(useUndo.getState().offer!.message).toMatch(/^Cancelled: Bob Baker, /);

    useGrid.getState().select(null);
    expect(useGrid.getState().selectedId).toBeNull();
    expect(selectedVisit.getState().input).toBeNull();
  });

  it('draws a move where it goes while main answers, and snaps back with the reason when the time is taken', async () => {
    await showTuesday();
    const id = await bookDirectly('13:00');
    await bookDirectly('15:00', 'bob');
    await vi.waitUntil(() => visitOnGrid(id) !== undefined && gridRange.getState().data!.appointments.length >= 2);
    const length = visitOnGrid(id)!.endAt - visitOnGrid(id)!.startAt;

    main.hold();
    const moving = useGrid.getState().move(id, { startAt: tue('14:00') });
    expect(useGrid.getState().pendingMoves.get(id)).toMatchObject({ startAt: tue('14:00'), endAt: tue('14:00') + length });
    // Main has the move (a read the bookings' push events asked for may be held back with it).
    await vi.waitUntil(() => main.calls.includes('appointments/reschedule') && main.heldCount() > 0);
    expect(useGrid.getState().pendingMoves.has(id)).toBe(true);
    main.release();
    expect(await moving).toBe(true);
    expect(useGrid.getState().pendingMoves.size).toBe(0);
    expect(visitOnGrid(id)).toMatchObject({ startAt: tue('14:00'), version: 2 });
    expect(useUndo.getState().offer!.message).toMatch(/^Moved Ann Archer to /);

    // Onto Bob's visit: refused; the card is back at 14:00 and the notice says why.
    expect(await useGrid.getState().move(id, { startAt: tue('15:00') })).toBe(false);
    expect(useGrid.getState().pendingMoves.size).toBe(0);
    expect(visitOnGrid(id)?.startAt).toBe(tue('14:00'));
    expect(useNotices.getState().notices.map((n) => n.error.code)).toEqual(['SLOT_TAKEN']);

    // Dropped where it already is: nothing to ask main.
    const calls = main.calls.length;
    expect(await useGrid.getState().move(id, { startAt: tue('14:00') })).toBe(false);
    expect(main.calls).toHaveLength(calls);
  });
});
