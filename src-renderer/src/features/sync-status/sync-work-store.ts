import { create } from 'zustand';
import type { SyncAttentionDto, SyncConflictDto, SyncQuarantineDto } from '@shared/domain/sync';
import type { ResolveConflictInput } from '@shared/schemas/sync';
import { invoke, liveQuery, useLiveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * What the Sync section works through: conflicts the hub refused and changes
 * that need attention, three live queries read again on every `sync/status` and
 * visit change while the section is open, so a conflict resolved at another
 * window disappears here too.
 *
 * Each settled conflict is confirmed by the hub (main waits for it, as for a
 * booking); the outcome stays beside the visit until the list moves on. The
 * bulk run settles the listed conflicts one after another — each to its first
 * suggested time — so a desk coming back from a long outage sees progress
 * and which visits still need a person to choose.
 */
type SettleOutcome =
  | { tone: 'ok'; text: string }
  | { tone: 'waiting'; text: string }
  | { tone: 'problem'; text: string };

interface BulkProgress {
  total: number;
  done: number;
  confirmed: number;
  queued: number;
  refused: number;
  running: boolean;
}

const refreshOn = { 'sync/status': true, 'appointments/changed': true } as const;
const syncConflicts = liveQuery('sync/list-conflicts', { refreshOn, onError: notifyError });
const syncAttention = liveQuery('sync/list-attention', { refreshOn, onError: notifyError });
/** Changes pulled from the hub that this desk would not apply, with why. */
const syncQuarantined = liveQuery('sync/list-quarantined', { refreshOn, onError: notifyError });
const lists = [syncConflicts, syncAttention, syncQuarantined] as const;

/** Reads the three lists and follows them while the Sync section is open; returns the function that stops. */
export function followSyncWork(): () => void {
  const stops = lists.map((q) => q.follow());
  for (const q of lists) void q.setInput({});
  return () => stops.forEach((stop) => stop());
}

/** Reads the lists again now (after this desk settled something, or between the bulk run's moves). */
const reloadLists = async (): Promise<void> => {
  await Promise.all(lists.map((q) => q.reload()));
};

const NO_CONFLICTS: SyncConflictDto[] = [];
const NO_ATTENTION: SyncAttentionDto[] = [];
const NO_QUARANTINED: SyncQuarantineDto[] = [];
export const useSyncConflicts = (): SyncConflictDto[] => useLiveQuery(syncConflicts, (s) => s.data ?? NO_CONFLICTS);
export const useSyncAttention = (): SyncAttentionDto[] => useLiveQuery(syncAttention, (s) => s.data ?? NO_ATTENTION);
export const useSyncQuarantined = (): SyncQuarantineDto[] => useLiveQuery(syncQuarantined, (s) => s.data ?? NO_QUARANTINED);
/** All three lists have been read (so an empty one means none, not "not read yet"). */
export function useSyncWorkLoaded(): boolean {
  const conflicts = useLiveQuery(syncConflicts, (s) => s.data !== null);
  const attention = useLiveQuery(syncAttention, (s) => s.data !== null);
  const quarantined = useLiveQuery(syncQuarantined, (s) => s.data !== null);
  return conflicts && attention && quarantined;
}

interface SyncWorkState {
  /** The conflict or row being acted on (buttons wait). */
  busy: string | null;
  /** The last outcome per visit settled here (refusals keep the visit in the list). */
  outcomes: Record<string, SettleOutcome>;
  /** The last few visits settled here, newest first: they leave the list, their outcome stays readable. */
  recent: Array<{ appointmentId: string; patientName: string; outcome: SettleOutcome }>;
  bulk: BulkProgress | null;
  resolve(input: ResolveConflictInput): Promise<boolean>;
  /** Moves every listed overlap conflict with a suggestion to its first suggested time, one by one. */
  rebookAll(): Promise<void>;
  stopBulk(): void;
  retry(seq: number): Promise<void>;
  setAside(seq: number): Promise<void>;
  /** A quarantined change is dismissed (it stays in the hub's log; this desk will not apply it). */
  dismiss(id: number): Promise<void>;
}

const SETTLED_WORDS = {
  confirmed: 'Done: the clinic hub confirmed it.',
  sent: 'Sent: the hub has not answered yet; it shows here again if it refuses.',
  queued: 'Saved on this desk: it will be confirmed when the hub is back.',
} as const;

const RECENT = 5;

export const useSyncWork = create<SyncWorkState>()((set, get) => {
  /** The bulk run under way; stopping aborts it between two moves. */
  let bulkRun: AbortController | null = null;
  /** One conflict settled; the outcome is kept for the visit and returned for the bulk run's counts. */
  const settle = async (input: ResolveConflictInput): Promise<'confirmed' | 'sent' | 'queued' | 'refused' | 'failed'> => {
    set({ busy: input.appointmentId });
    const patientName = (syncConflicts.getState().data ?? []).find((c) => c.appointmentId === input.appointmentId)?.mine.patientName ?? '';
    const r = await invoke('sync/resolve-conflict', input);
    set({ busy: null });
    const outcome: SettleOutcome = r.ok
      ? { tone: r.data.hub === 'confirmed' ? 'ok' : 'waiting', text: SETTLED_WORDS[r.data.hub] }
      : { tone: 'problem', text: r.error.message };
    set((s) => ({
      outcomes: { ...s.outcomes, [input.appointmentId]: outcome },
      recent: r.ok ? [{ appointmentId: input.appointmentId, patientName, outcome }, ...s.recent].slice(0, RECENT) : s.recent,
    }));
    if (r.ok) return r.data.hub;
    return r.error.code === 'SLOT_TAKEN' || r.error.code === 'CONFLICT' ? 'refused' : 'failed';
  };

  return {
    busy: null,
    outcomes: {},
    recent: [],
    bulk: null,
    async resolve(input) {
      const result = await settle(input);
      await reloadLists();
      return result === 'confirmed' || result === 'sent' || result === 'queued';
    },
    async rebookAll() {
      if (get().bulk?.running) return;
      const run = new AbortController();
      bulkRun = run;
      const todo = (syncConflicts.getState().data ?? []).filter((c) => c.kind === 'overlap' && c.suggestions.length > 0).map((c) => c.appointmentId);
      const progress: BulkProgress = { total: todo.length, done: 0, confirmed: 0, queued: 0, refused: 0, running: true };
      set({ bulk: { ...progress } });
      for (const id of todo) {
        if (run.signal.aborted) break;
        // Read each conflict as it is now: an earlier move may have taken its first suggestion.
        await reloadLists();
        const c = syncConflicts.getState().data?.find((x) => x.appointmentId === id);
        const first = c?.suggestions[0];
        if (c && first) {
          const r = await settle({ action: 'rebook', appointmentId: id, providerId: first.providerId, startAt: first.startAt });
          if (r === 'confirmed') progress.confirmed++;
          else if (r === 'sent' || r === 'queued') progress.queued++;
          else progress.refused++;
        }
        progress.done++;
        set({ bulk: { ...progress } });
      }
      if (bulkRun === run) bulkRun = null;
      set({ bulk: { ...progress, running: false } });
      await reloadLists();
    },
    stopBulk() {
      bulkRun?.abort();
    },
    async retry(seq) {
      set({ busy: `row-${seq}` });
      const r = await invoke('sync/retry', { seq });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await reloadLists();
    },
    async dismiss(id) {
      set({ busy: `quarantine-${id}` });
      const r = await invoke('sync/dismiss-quarantined', { id });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await reloadLists();
    },
    async setAside(seq) {
      set({ busy: `row-${seq}` });
      const r = await invoke('sync/set-aside', { seq });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await reloadLists();
    },
  };
});
