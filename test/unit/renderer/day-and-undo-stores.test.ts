import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppointmentId } from '@shared/domain/ids';
import { invoke } from '@renderer/api';
import { useDay } from '@renderer/stores/day';
import { useNotices } from '@renderer/stores/notices';
import { useUndo } from '@renderer/stores/undo';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';

/**
 * The day every view shows, and the Undo offered after a change, against a real main whose
 * clock is pinned at Monday 3 March 2025, 08:00 in New York (the clinic's zone).
 */
let main: RendererMain;
beforeAll(async () => {
  main = await connectReadyRenderer();
});
afterAll(async () => main.close());
afterEach(() => {
  main.release();
  useDay.setState({ day: null });
  useUndo.getState().dismiss();
  for (const n of useNotices.getState().notices) useNotices.getState().dismiss(n.id);
});

async function confirmedVisit(time: string): Promise<{ id: AppointmentId; version: number }> {
  const booked = await invoke('appointments/book', {
    patientId: main.clinic.patients.ann,
    providerId: main.clinic.providers.smith.id,
    locationId: main.clinic.main.id,
    typeId: main.clinic.types.checkup.id,
    startAt: localInstant('2025-03-05', time),
  });
  if (!booked.ok) throw new Error(booked.error.message);
  const confirmed = await invoke('appointments/confirm', { id: booked.data.id, expectedVersion: booked.data.version });
  if (!confirmed.ok) throw new Error(confirmed.error.message);
  return { id: confirmed.data.id, version: confirmed.data.version };
}

const statusAtMain = async (id: AppointmentId): Promise<string> => {
  const r = await invoke('appointments/get', { id });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.status;
};

describe('the day shown', () => {
  it('starts at today on main’s clock in the clinic’s zone and steps by whole local days', () => {
    expect(useDay.getState().day).toBeNull();
    useDay.getState().next(); // from today when nothing is shown yet
    expect(useDay.getState().day).toBe('2025-03-04');
    useDay.getState().today();
    expect(useDay.getState().day).toBe('2025-03-03');
    useDay.getState().previous();
    useDay.getState().previous();
    expect(useDay.getState().day).toBe('2025-03-01');
  });

  it('shows a date typed in, ignores one that does not exist, and crosses a DST change by one day', () => {
    useDay.getState().show('2025-03-08');
    useDay.getState().show('2025-02-30');
    expect(useDay.getState().day).toBe('2025-03-08');
    useDay.getState().next(); // 9 March, the spring-forward day in New York, is still one day on
    expect(useDay.getState().day).toBe('2025-03-09');
    useDay.getState().next();
    expect(useDay.getState().day).toBe('2025-03-10');
  });
});

describe('undo after a change', () => {
  it('undoes the change at main, then says it was undone', async () => {
    const visit = await confirmedVisit('09:00');
    useUndo.getState().offerUndo({ appointmentId: visit.id, version: visit.version, message: 'Confirmed: Ann Archer, Wed 9:00 AM.' });
    const offered = useUndo.getState().offer!;
    expect(offered).toMatchObject({ status: 'offered', appointmentId: visit.id });

    main.hold();
    const undoing = useUndo.getState().undo();
    expect(useUndo.getState().offer?.status).toBe('undoing');
    await useUndo.getState().undo(); // a second press while the first is under way asks nothing more
    await vi.waitUntil(() => main.heldCount() > 0);
    main.release();
    await undoing;
    expect(main.calls.filter((c) => c === 'appointments/undo')).toHaveLength(1);
    expect(useUndo.getState().offer).toMatchObject({ status: 'undone', message: 'Undone: Confirmed: Ann Archer, Wed 9:00 AM.' });
    expect(useUndo.getState().offer!.key).not.toBe(offered.key);
    expect(await statusAtMain(visit.id)).toBe('booked');
  });

  it('shows why when main refuses: the visit changed again since', async () => {
    const visit = await confirmedVisit('10:00');
    useUndo.getState().offerUndo({ appointmentId: visit.id, version: visit.version, message: 'Confirmed.' });
    const checkedIn = await invoke('appointments/check-in', { id: visit.id, expectedVersion: visit.version });
    expect(checkedIn.ok).toBe(true);
    await useUndo.getState().undo();
    expect(useUndo.getState().offer).toBeNull();
    expect(useNotices.getState().notices.map((n) => n.error.code)).toEqual(['CONFLICT']);
    expect(await statusAtMain(visit.id)).toBe('checked_in');
  });

  it('leaves a newer offer alone when the older undo is answered after it', async () => {
    const first = await confirmedVisit('11:00');
    const second = await confirmedVisit('13:00');
    useUndo.getState().offerUndo({ appointmentId: first.id, version: first.version, message: 'First.' });
    main.hold();
    const undoing = useUndo.getState().undo();
    await vi.waitUntil(() => main.heldCount() > 0);
    useUndo.getState().offerUndo({ appointmentId: second.id, version: second.version, message: 'Second.' });
    main.release();
    await undoing;
    expect(useUndo.getState().offer).toMatchObject({ appointmentId: second.id, status: 'offered', message: 'Second.' });

    // Dismissing by an old key leaves the current offer; by its own key, it goes.
    const key = useUndo.getState().offer!.key;
    useUndo.getState().dismiss(key - 1);
    expect(useUndo.getState().offer?.key).toBe(key);
    useUndo.getState().dismiss(key);
    expect(useUndo.getState().offer).toBeNull();
  });
});
