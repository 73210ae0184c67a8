import { create } from 'zustand';
import type { PatientId } from '@shared/domain/ids';
import type { PatientPanel } from '@shared/domain/patients';
import { liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';
import { patientSearch } from './patient-search-query';

/**
 * The top-bar patient search (results as you type, keyboard navigation) and
 * the patient panel in the side slot (the record, upcoming and past visits).
 * The store holds what the desk is doing (the text, the highlighted hit, the
 * open patient); the hits and the panel are live queries.
 */
interface PatientSearchState {
  query: string;
  /** The results list is showing. */
  open: boolean;
  /** Index of the highlighted hit (-1: none). */
  active: number;
  /** The patient open in the side panel. */
  patientId: PatientId | null;

  setQuery(query: string): void;
  move(delta: 1 | -1): void;
  /** Opens the highlighted hit (or the given one) in the panel; clears the box. */
  choose(index?: number): void;
  closeList(): void;
  openPatient(id: PatientId): Promise<void>;
  closePanel(): void;
}

export const topBarSearch = patientSearch(12);

/** The open patient's record and visits, read again when a visit or (at another desk) the record changes. */
export const patientPanel = liveQuery('patients/get-panel', {
  refreshOn: {
    'appointments/changed': true,
    'patients/changed': (e, input) => e.patientIds.some((id) => id === input.id),
  },
  onError: notifyError,
});

const hitsNow = () => topBarSearch.query.getState().data?.hits ?? [];

export const usePatientSearch = create<PatientSearchState>()((set, get) => {
  // New results open the list with the best match highlighted.
  topBarSearch.query.store.subscribe((s, prev) => {
    if (s.answers !== prev.answers) set({ open: true, active: hitsNow().length > 0 ? 0 : -1 });
  });
  let stopFollowing: (() => void) | null = null;

  return {
    query: '',
    open: false,
    active: -1,
    patientId: null,

    setQuery(query) {
      set({ query });
      if (query.trim().length < 2) set({ open: false, active: -1 });
      void topBarSearch.type(query);
    },
    move(delta) {
      const { active, open } = get();
      const count = hitsNow().length;
      if (count === 0) return;
      if (!open) return set({ open: true });
      set({ active: (active + delta + count) % count });
    },
    choose(index) {
      const hit = hitsNow()[index ?? get().active];
      if (!hit) return;
      topBarSearch.clear();
      set({ query: '', open: false, active: -1 });
      void get().openPatient(hit.id);
    },
    closeList() {
      set({ open: false });
    },
    async openPatient(id) {
      stopFollowing ??= patientPanel.follow();
      set({ patientId: id });
      await patientPanel.setInput({ id });
    },
    closePanel() {
      stopFollowing?.();
      stopFollowing = null;
      set({ patientId: null });
      void patientPanel.setInput(null);
    },
  };
});

/** The open patient's panel, or null while it is read (or none is open). */
export const openPanel = (): PatientPanel | null => {
  const s = patientPanel.getState();
  return s.dataInput && s.dataInput.id === usePatientSearch.getState().patientId ? s.data : null;
};
