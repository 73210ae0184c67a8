import { create } from 'zustand';
import type { SyncAttentionDto, SyncConflictDto, SyncQuarantineDto } from '@shared/domain/sync';
import type { ResolveConflictInput } from '@shared/schemas/sync';
import { invoke, onEvent } from '../../api/client';
import { notifyError } from '../../stores/notices';

/**
 * What the Sync section works through: conflicts the hub refused and changes
 * that need attention. Reloaded on every `sync/status` push while the section
 * is open, so a conflict resolved at another window disappears here too.
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

interface SyncWorkState {
  conflicts: SyncConflictDto[];
  attention: SyncAttentionDto[];
  /** Changes pulled from the hub that this desk would not apply, with why. */
  quarantined: SyncQuarantineDto[];
  loaded: boolean;
  /** The conflict or row being acted on (buttons wait). */
  busy: string | null;
  /** The last outcome per visit settled here (refusals keep the visit in the list). */
  outcomes: Record<string, SettleOutcome>;
  /** The last few visits settled here, newest first: they leave the list, their outcome stays readable. */
  recent: Array<{ appointmentId: string; patientName: string; outcome: SettleOutcome }>;
  bulk: BulkProgress | null;
  load(): Promise<void>;
  watch(): () => void;
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
let stopRequested = false;

export const useSyncWork = create<SyncWorkState>()((set, get) => {
  /** One conflict settled; the outcome is kept for the visit and returned for the bulk run's counts. */
  const settle = async (input: ResolveConflictInput): Promise<'confirmed' | 'sent' | 'queued' | 'refused' | 'failed'> => {
    set({ busy: input.appointmentId });
    const patientName = get().conflicts.find((c) => c.appointmentId === input.appointmentId)?.mine.patientName ?? '';
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
    conflicts: [],
    attention: [],
    quarantined: [],
    loaded: false,
    busy: null,
    outcomes: {},
    recent: [],
    bulk: null,
    async load() {
      const [c, a, q] = await Promise.all([invoke('sync/list-conflicts', {}), invoke('sync/list-attention', {}), invoke('sync/list-quarantined', {})]);
      if (!c.ok) return notifyError(c.error);
      if (!a.ok) return notifyError(a.error);
      if (!q.ok) return notifyError(q.error);
      set({ conflicts: c.data, attention: a.data, quarantined: q.data, loaded: true });
    },
    watch() {
      void get().load();
      const offStatus = onEvent('sync/status', () => void get().load());
      const offChanged = onEvent('appointments/changed', () => void get().load());
      return () => {
        offStatus();
        offChanged();
      };
    },
    async resolve(input) {
      const result = await settle(input);
      await get().load();
      return result === 'confirmed' || result === 'sent' || result === 'queued';
    },
    async rebookAll() {
      if (get().bulk?.running) return;
      stopRequested = false;
      const todo = get().conflicts.filter((c) => c.kind === 'overlap' && c.suggestions.length > 0).map((c) => c.appointmentId);
      const progress: BulkProgress = { total: todo.length, done: 0, confirmed: 0, queued: 0, refused: 0, running: true };
      set({ bulk: { ...progress } });
      for (const id of todo) {
        if (stopRequested) break;
        // Read each conflict as it is now: an earlier move may have taken its first suggestion.
        await get().load();
        const c = get().conflicts.find((x) => x.appointmentId === id);
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
      set({ bulk: { ...progress, running: false } });
      await get().load();
    },
    stopBulk() {
      stopRequested = true;
    },
    async retry(seq) {
      set({ busy: `row-${seq}` });
      const r = await invoke('sync/retry', { seq });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await get().load();
    },
    async dismiss(id) {
      set({ busy: `quarantine-${id}` });
      const r = await invoke('sync/dismiss-quarantined', { id });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await get().load();
    },
    async setAside(seq) {
      set({ busy: `row-${seq}` });
      const r = await invoke('sync/set-aside', { seq });
      set({ busy: null });
      if (!r.ok) notifyError(r.error);
      await get().load();
    },
  };
});
