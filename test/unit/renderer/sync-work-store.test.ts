import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppointmentDto } from '@shared/domain/booking';
import type { SyncAttentionDto, SyncConflictDto } from '@shared/domain/sync';
import { invoke, liveQuery } from '@renderer/api';
import { followSyncWork, useSyncWork } from '@renderer/features/sync-status/sync-work-store';
import { inWriteTransaction } from '@main/core/db/transaction';
import { recordConflict } from '@main/sync/conflicts';
import { markRefused, markSettled } from '@main/sync/queue';
import { readSyncStatus } from '@main/sync/status';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';

/**
 * What the Sync section works through, against a real main with no clinic hub (Monday
 * 2025-03-03 08:00 in New York): conflicts are written as the pusher writes a hub's refusal,
 * rows needing attention as it marks a change the hub's checks refused. Settled changes are
 * kept on this desk until the hub is back, and the desk is told so.
 */
let main: RendererMain;
let stops: Array<() => void> = [];
// The store's lists are private; these read the same channels for the test's own checks.
const conflicts = liveQuery('sync/list-conflicts', { refreshOn: { 'sync/status': true, 'appointments/changed': true } });
const attention = liveQuery('sync/list-attention', { refreshOn: { 'sync/status': true, 'appointments/changed': true } });
const conflictList = (): SyncConflictDto[] => conflicts.getState().data ?? [];
const attentionList = (): SyncAttentionDto[] => attention.getState().data ?? [];

beforeAll(async () => {
  main = await connectReadyRenderer();
  stops = [followSyncWork(), conflicts.follow(), attention.follow()];
  await Promise.all([conflicts.setInput({}), attention.setInput({})]);
});
afterAll(async () => {
  stops.forEach((stop) => stop());
  await main.close();
});

async function booked(patient: 'ann' | 'bob' | 'cyd', time: string, provider: 'smith' | 'jones' = 'smith'): Promise<AppointmentDto> {
  const r = await invoke('appointments/book', {
    patientId: main.clinic.patients[patient],
    providerId: main.clinic.providers[provider].id,
    locationId: main.clinic.main.id,
    typeId: main.clinic.types.checkup.id,
    startAt: localInstant('2025-03-03', time),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

const outboxSeq = (appointmentId: string): number =>
  main.services.core().db.prepare(`SELECT MAX(seq) FROM outbox WHERE entity_id = ?`).pluck().get(appointmentId) as number;

/** What the pusher does when the hub refuses a visit's time: the conflict beside it, its outbox row settled. */
function hubRefusedTime(a: AppointmentDto): void {
  const ctx = main.services.core();
  const seq = outboxSeq(a.id);
  inWriteTransaction(ctx.db, () => {
    recordConflict(ctx, a.id, seq, { kind: 'overlap', on: 'provider', competing: null, hub: null }, ctx.clock.now());
    markSettled(ctx.db, seq, ctx.clock.now(), 'The hub refused it');
  });
  main.services.events.emit('sync/status', readSyncStatus(ctx.db));
}

describe('conflicts the hub refused', () => {
  it('moves a visit to a suggested time: it leaves the list, kept here until the hub is back, and the desk is told', async () => {
    const visit = await booked('ann', '09:00');
    hubRefusedTime(visit);
    await vi.waitUntil(() => conflictList().some((c) => c.appointmentId === visit.id));
    const c = conflictList().find((x) => x.appointmentId === visit.id)!;
    const first = c.suggestions[0]!;

    const settled = await useSyncWork.getState().resolve({ action: 'rebook', appointmentId: visit.id, providerId: first.providerId, startAt: first.startAt });
    expect(settled).toBe(true);
    const s = useSyncWork.getState();
    expect(s.busy).toBeNull();
    expect(s.outcomes[visit.id]).toEqual({ tone: 'waiting', text: 'Saved on this desk: it will be confirmed when the hub is back.' });
    expect(s.recent[0]).toMatchObject({ appointmentId: visit.id, patientName: c.mine.patientName });
    await vi.waitUntil(() => conflictList().every((x) => x.appointmentId !== visit.id));
    const moved = await invoke('appointments/get', { id: visit.id });
    expect(moved.ok && moved.data.startAt).toBe(first.startAt);
  });

  it('keeps the visit in the list with the refusal when the chosen time is taken here', async () => {
    const visit = await booked('bob', '11:00');
    const holder = await booked('cyd', '11:30');
    hubRefusedTime(visit);
    await vi.waitUntil(() => conflictList().some((c) => c.appointmentId === visit.id));

    const settled = await useSyncWork.getState().resolve({ action: 'rebook', appointmentId: visit.id, providerId: holder.providerId, startAt: holder.startAt });
    expect(settled).toBe(false);
    expect(useSyncWork.getState().outcomes[visit.id]?.tone).toBe('problem');
    expect(useSyncWork.getState().recent.map((r) => r.appointmentId)).not.toContain(visit.id);
    expect(conflictList().map((c) => c.appointmentId)).toContain(visit.id);
    // Cancelling it settles it for the next test's count.
    expect(await useSyncWork.getState().resolve({ action: 'cancel', appointmentId: visit.id })).toBe(true);
  });

  it('moves every listed overlap to its first suggestion, one by one, counting what happened', async () => {
    const visits = [await booked('ann', '13:00', 'jones'), await booked('bob', '14:00', 'jones')];
    visits.forEach(hubRefusedTime);
    await vi.waitUntil(() => visits.every((v) => conflictList().some((c) => c.appointmentId === v.id)));
    const listed = conflictList().length;

    await useSyncWork.getState().rebookAll();
    expect(useSyncWork.getState().bulk).toEqual({ total: listed, done: listed, confirmed: 0, queued: listed, refused: 0, running: false });
    await vi.waitUntil(() => conflictList().length === 0);
  });
});

describe('changes that need attention', () => {
  async function refusedChange(patient: 'ann' | 'bob', time: string): Promise<number> {
    const visit = await booked(patient, time);
    const ctx = main.services.core();
    const seq = outboxSeq(visit.id);
    markRefused(ctx.db, seq, ctx.clock.now(), 'The hub’s checks refused it');
    main.services.events.emit('sync/status', readSyncStatus(ctx.db));
    await vi.waitUntil(() => attentionList().some((r) => r.seq === seq));
    return seq;
  }

  it('"Retry" puts the change back in line; "Set aside" drops it from the list for good', async () => {
    const retried = await refusedChange('ann', '15:00');
    const setAside = await refusedChange('bob', '15:30');

    await useSyncWork.getState().retry(retried);
    expect(useSyncWork.getState().busy).toBeNull();
    await vi.waitUntil(() => attentionList().every((r) => r.seq !== retried));
    const state = (seq: number) => main.services.core().db.prepare(`SELECT state FROM outbox WHERE seq = ?`).pluck().get(seq);
    expect(state(retried)).toBe('pending');

    await useSyncWork.getState().setAside(setAside);
    await vi.waitUntil(() => attentionList().every((r) => r.seq !== setAside));
    expect(state(setAside)).toBe('resolved');
  });
});
