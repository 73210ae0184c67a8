import { create } from 'zustand';
import type { SyncStatusDto } from '@shared/domain/calendar';
import type { SyncStatus } from '@shared/domain/events';
import { invoke, onEvent } from '../../api';

/**
 * The top bar's sync indicator: read once, then kept
 * current by `sync/status` pushes. `connected` is this window's own link to
 * main (the browser's network state in the web host).
 */
interface SyncState {
  status: SyncStatusDto | null;
  connected: boolean;
  connect(): () => void;
}

export const useSync = create<SyncState>()((set, get) => {
  const accept = (s: SyncStatus): void => {
    const prev = get().status;
    set({ status: { ...s, hubConfigured: s.hubConfigured ?? prev?.hubConfigured ?? false } });
  };
  return {
    status: null,
    connected: typeof navigator === 'undefined' ? true : navigator.onLine,
    connect() {
      const off = onEvent('sync/status', accept);
      void invoke('sync/get-status', {}).then((r) => r.ok && accept(r.data));
      const online = () => set({ connected: true });
      const offline = () => set({ connected: false });
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      return () => {
        off();
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      };
    },
  };
});

export type SyncTone = 'ok' | 'pending' | 'attention' | 'conflict' | 'offline' | 'local';

/** What the indicator says, in a receptionist's words. */
export function describeSync(s: SyncStatusDto | null, connected: boolean, now: number): { tone: SyncTone; label: string; detail: string } {
  if (!s) return { tone: 'pending', label: 'Checking sync…', detail: '' };
  if (!s.hubConfigured) {
    return { tone: 'local', label: 'This desk only', detail: 'Not connected to other desks: everything is saved on this workstation.' };
  }
  const last = s.lastSuccessAt === null ? 'Nothing sent yet.' : `Last sent ${ago(now - s.lastSuccessAt)}.`;
  if (s.conflicts > 0) {
    return {
      tone: 'conflict',
      label: `${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}`,
      detail: `${s.conflicts === 1 ? 'A visit' : `${s.conflicts} visits`} booked here could not go on the shared schedule: another desk took the time or changed the visit. Open Sync to move or cancel ${s.conflicts === 1 ? 'it' : 'them'}.`,
    };
  }
  if (s.problem) {
    return { tone: 'attention', label: 'Hub refuses this desk', detail: `${s.problem} Changes are kept here meanwhile (${s.pending} waiting).` };
  }
  if (s.needsAttention > 0) {
    return {
      tone: 'attention',
      label: `${s.needsAttention} need${s.needsAttention === 1 ? 's' : ''} attention`,
      detail: `${s.needsAttention} change${s.needsAttention === 1 ? '' : 's'} could not be sent and need someone to look. ${s.pending} waiting. ${last}`,
    };
  }
  if (!connected || !s.online) {
    const since = s.offlineSince === null ? '' : ` since ${ago(now - s.offlineSince).replace(' ago', '')}`;
    return {
      tone: 'offline',
      label: s.pending > 0 ? `Offline · ${s.pending} waiting` : 'Offline',
      detail: `The hub cannot be reached${since === ' since just now' ? '' : since}. Keep working: changes are saved here and sent when it is back. ${last}`,
    };
  }
  if (s.pending > 0) return { tone: 'pending', label: `Sending ${s.pending}…`, detail: `${s.pending} change${s.pending === 1 ? '' : 's'} waiting to be sent. ${last}` };
  return { tone: 'ok', label: 'Up to date', detail: `Everything is sent. ${last}` };
}

function ago(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  return h < 24 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}
