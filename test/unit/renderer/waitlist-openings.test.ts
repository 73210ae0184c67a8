import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppointmentId } from '@shared/domain/ids';
import { invoke } from '@renderer/api';
import { useWaitlistOpening } from '@renderer/features/waitlist';
import { useAppStatus } from '@renderer/stores/app-status';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectRendererToMain, type RendererMain } from '../../helpers/renderer-main';

/**
 * The desk's list of times that opened with waitlist entries fitting them,
 * against a real main: Monday 2025-03-03 08:00 in New York; Smith works at
 * Main 09:00–12:00. An opening stays while someone fits it and goes once the
 * time is booked (here or anywhere), or when dismissed.
 */
let main: RendererMain;
let stop: () => void;
beforeAll(async () => {
  main = await connectRendererToMain();
  useAppStatus.getState().connect();
  await vi.waitUntil(() => useAppStatus.getState().status?.phase === 'ready');
  stop = useWaitlistOpening.getState().listen();
});
afterAll(async () => {
  stop();
  await main.close();
});
afterEach(() => useWaitlistOpening.setState({ openings: [], expandedKey: null, revealKey: null, done: null, problem: null }));

const at = (time: string) => localInstant('2025-03-03', time);

async function ok<T>(r: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const answer = await r;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

async function bookAndCancel(startAt: number): Promise<void> {
  const visit = await ok(
    invoke('appointments/book', { patientId: main.clinic.patients.bob, providerId: main.clinic.providers.smith.id, locationId: main.clinic.main.id, typeId: main.clinic.types.checkup.id, startAt }),
  );
  await ok(invoke('appointments/cancel', { id: visit.id as AppointmentId, reason: 'Cannot come', expectedVersion: visit.version }));
}

describe('openings on the schedule', () => {
  it('keeps a cancelled time while someone fits it; drops it once another patient takes that time', async () => {
    await ok(invoke('waitlist/create', { patientId: main.clinic.patients.ann, typeId: main.clinic.types.checkup.id, providerIds: [main.clinic.providers.smith.id] }));
    await bookAndCancel(at('10:00'));
    await vi.waitUntil(() => useWaitlistOpening.getState().openings.length === 1);
    expect(useWaitlistOpening.getState().openings[0]).toMatchObject({ providerId: main.clinic.providers.smith.id, count: 1, firstStart: at('10:00') });

    // Booked straight into that time (as another desk might): nobody on the waitlist fits it any more.
    await ok(
      invoke('appointments/book', { patientId: main.clinic.patients.cyd, providerId: main.clinic.providers.smith.id, locationId: main.clinic.main.id, typeId: main.clinic.types.checkup.id, startAt: at('10:00') }),
    );
    await vi.waitUntil(() => useWaitlistOpening.getState().openings.length === 0);
  });

  it('lists the newest first, one per time; Dismiss takes one away', async () => {
    await bookAndCancel(at('11:00'));
    await vi.waitUntil(() => useWaitlistOpening.getState().openings.length === 1);
    await bookAndCancel(at('09:00'));
    await vi.waitUntil(() => useWaitlistOpening.getState().openings.length === 2);
    const [newest, older] = useWaitlistOpening.getState().openings;
    expect([newest!.firstStart, older!.firstStart]).toEqual([at('09:00'), at('11:00')]);
    useWaitlistOpening.getState().dismiss(newest!.key);
    expect(useWaitlistOpening.getState().openings.map((o) => o.key)).toEqual([older!.key]);
  });
});
