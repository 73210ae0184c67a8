import { create } from 'zustand';
import type { SyncAttentionDto, SyncConflictDto, SyncQuarantineDto } from '../../../../src-shared/domain/sync';
import type { ResolveConflictInput } from '../../../../src-shared/schemas/sync';
import { invoke, onEvent } from '../../api/client';
import { notifyError } from '../../stores/notices';

/**
 * What the Sync section works through: conflicts the hub refused, changes
 * that need attention, and changes pulled from the hub that this desk
 * quarantined. Reloaded on every `sync/status` push while the section
 * is open, so a conflict resolved at another window disappears here too.
 */
interface SyncWorkState {
  conflicts: SyncConflictDto[];
  attention: SyncAttentionDto[];
  quarantined: SyncQuarantineDto[];
  loaded: boolean;
  /** The conflict or row being acted on (buttons wait). */
  busy: string | null;
  load(): Promise<void>;
  watch(): () => void;
  resolve(input: ResolveConflictInput): Promise<boolean>;
  retry(seq: number): Promise<void>;
  setAside(seq: number): Promise<void>;
  dismiss(id: number): Promise<void>;
}

export const useSyncWork = create<SyncWorkState>()((set, get) => ({
  conflicts: [],
  attention: [],
  quarantined: [],
  loaded: false,
  busy: null,
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
    set({ busy: input.appointmentId });
    const r = await invoke('sync/resolve-conflict', input);
    set({ busy: null });
    if (!r.ok) {
      notifyError(r.error);
      await get().load();
      return false;
    }
    await get().load();
    return true;
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
}));
