import { create } from 'zustand';
import type { PatientId } from '../../../../src-shared/domain/ids';
import type { PatientPanel, PatientSearchHit } from '../../../../src-shared/domain/patients';
import { invoke, onEvent } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * The top-bar patient search (results as you type, keyboard navigation) and
 * the patient panel in the side slot (the record, upcoming and past visits).
 * The panel follows `appointments/changed` while it is open.
 */
interface PatientSearchState {
  query: string;
  hits: PatientSearchHit[];
  hasMore: boolean;
  /** The results list is showing. */
  open: boolean;
  /** Index of the highlighted hit (-1: none). */
  active: number;
  searching: boolean;
  /** The patient open in the side panel. */
  patientId: PatientId | null;
  panel: PatientPanel | null;
  panelLoading: boolean;

  setQuery(query: string): void;
  move(delta: 1 | -1): void;
  /** Opens the highlighted hit (or the given one) in the panel; clears the box. */
  choose(index?: number): void;
  closeList(): void;
  openPatient(id: PatientId): Promise<void>;
  refreshPanel(): Promise<void>;
  closePanel(): void;
}

const DEBOUNCE_MS = 120;
let timer: ReturnType<typeof setTimeout> | null = null;
/** Answers to older keystrokes are dropped when they arrive after a newer one. */
let seq = 0;
let following = false;

export const usePatientSearch = create<PatientSearchState>()((set, get) => {
  const follow = (): void => {
    if (following) return;
    following = true;
    onEvent('appointments/changed', () => {
      if (get().patientId) void get().refreshPanel();
    });
    // A record changed at another desk (through the clinic hub).
    onEvent('patients/changed', (e) => {
      const open = get().patientId;
      if (open && e.patientIds.includes(open as never)) void get().refreshPanel();
    });
  };

  const run = async (query: string): Promise<void> => {
    const mine = ++seq;
    set({ searching: true });
    const r = await invoke('patients/search', { query, limit: 12 });
    if (mine !== seq) return;
    if (!r.ok) {
      set({ searching: false });
      notifyError(r.error);
      return;
    }
    set({ hits: r.data.hits, hasMore: r.data.hasMore, searching: false, active: r.data.hits.length > 0 ? 0 : -1, open: true });
  };

  return {
    query: '',
    hits: [],
    hasMore: false,
    open: false,
    active: -1,
    searching: false,
    patientId: null,
    panel: null,
    panelLoading: false,

    setQuery(query) {
      set({ query });
      if (timer) clearTimeout(timer);
      if (query.trim().length < 2) {
        seq++;
        set({ hits: [], hasMore: false, open: false, active: -1, searching: false });
        return;
      }
      timer = setTimeout(() => void run(query), DEBOUNCE_MS);
    },
    move(delta) {
      const { hits, active, open } = get();
      if (hits.length === 0) return;
      if (!open) return set({ open: true });
      set({ active: (active + delta + hits.length) % hits.length });
    },
    choose(index) {
      const { hits, active } = get();
      const hit = hits[index ?? active];
      if (!hit) return;
      seq++;
      set({ query: '', hits: [], open: false, active: -1 });
      void get().openPatient(hit.id);
    },
    closeList() {
      set({ open: false });
    },
    async openPatient(id) {
      follow();
      set({ patientId: id, panelLoading: true, panel: get().panel?.patient.id === id ? get().panel : null });
      await get().refreshPanel();
    },
    async refreshPanel() {
      const id = get().patientId;
      if (!id) return;
      const r = await invoke('patients/get-panel', { id });
      if (get().patientId !== id) return;
      if (!r.ok) {
        set({ panelLoading: false });
        notifyError(r.error);
        return;
      }
      set({ panel: r.data, panelLoading: false });
    },
    closePanel() {
      set({ patientId: null, panel: null, panelLoading: false });
    },
  };
});
