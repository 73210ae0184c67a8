import { create } from 'zustand';
import type { AppErrorShape } from '@shared/domain/errors';
import type { WaitlistFitDto, WaitlistOpening, WaitlistPart, WaitlistRowDto } from '@shared/domain/waitlist';
import { fieldErrors, type FieldErrors } from '@shared/domain/field-errors';
import { invoke, liveQuery, onEvent } from '../../api';
import { notifyError } from '../../stores/notices';
import { patientSearch } from '../patient-search';

/**
 * The waitlist on the desk: the list (a live query that re-reads when entries,
 * visits or the set-up change, since each row's earliest time depends on them),
 * the latest opening main announced, and the small flows that book from it,
 * add an entry or close one. Each flow has one status field.
 */

export const waitlistRows = liveQuery('waitlist/list', {
  refreshOn: { 'waitlist/changed': true, 'appointments/changed': true, 'clinic/changed': true },
  debounceMs: 150,
  onError: notifyError,
});

/** The entries that fit the opening on screen, read when the desk asks to see them. */
export const openingFits = liveQuery('waitlist/fits', {
  refreshOn: { 'waitlist/changed': true, 'appointments/changed': true },
  onError: notifyError,
});

/** The patient search of the "Add to waitlist" dialog. */
export const waitlistPatientSearch = patientSearch(8);

type Status = 'idle' | 'saving';

interface OpeningState {
  /** The last time main said opened with entries fitting it; null when dismissed. */
  opening: WaitlistOpening | null;
  expanded: boolean;
  status: Status;
  problem: AppErrorShape | null;
  /** What the desk did last, announced politely. */
  done: string | null;
  listen(): () => void;
  show(): void;
  dismiss(): void;
  book(fit: WaitlistFitDto): Promise<void>;
}

export const useWaitlistOpening = create<OpeningState>()((set, get) => ({
  opening: null,
  expanded: false,
  status: 'idle',
  problem: null,
  done: null,
  listen: () =>
    onEvent('waitlist/opening', (opening) => {
      set({ opening, expanded: false, problem: null, done: null });
      void openingFits.setInput(null);
    }),
  show() {
    const o = get().opening;
    if (!o) return;
    set({ expanded: true });
    void openingFits.setInput({ providerId: o.providerId, locationId: o.locationId, startAt: o.startAt, endAt: o.endAt }, { force: true });
  },
  dismiss() {
    set({ opening: null, expanded: false, problem: null });
    void openingFits.setInput(null);
  },
  async book(fit) {
    if (get().status === 'saving') return;
    set({ status: 'saving', problem: null });
    const r = await invoke('waitlist/book', {
      id: fit.entry.id,
      providerId: fit.slot.providerIds[0]!,
      locationId: fit.slot.locationId,
      startAt: fit.slot.start,
      expectedVersion: fit.entry.version,
    });
    if (r.ok) {
      set({ status: 'idle', opening: null, expanded: false, done: `Booked ${fit.entry.patientName} from the waitlist.` });
      void openingFits.setInput(null);
    } else {
      set({ status: 'idle', problem: r.error });
      void openingFits.reload();
    }
  },
}));

/** Booking a row of the Waitlist view at its earliest time, and closing a row. */
interface RowActions {
  busyId: string | null;
  problem: { id: string; error: AppErrorShape } | null;
  done: string | null;
  book(row: WaitlistRowDto): Promise<void>;
  close(row: WaitlistRowDto, reason: string): Promise<void>;
}

export const useWaitlistRows = create<RowActions>()((set, get) => ({
  busyId: null,
  problem: null,
  done: null,
  async book(row) {
    if (!row.earliest || get().busyId) return;
    set({ busyId: row.id, problem: null });
    const r = await invoke('waitlist/book', {
      id: row.id,
      providerId: row.earliest.providerIds[0]!,
      locationId: row.earliest.locationId,
      startAt: row.earliest.start,
      expectedVersion: row.version,
    });
    set({ busyId: null, ...(r.ok ? { done: `Booked ${row.patientName} from the waitlist.` } : { problem: { id: row.id, error: r.error } }) });
    void waitlistRows.reload();
  },
  async close(row, reason) {
    if (get().busyId) return;
    set({ busyId: row.id, problem: null });
    const r = await invoke('waitlist/close', { id: row.id, reason, expectedVersion: row.version });
    set({ busyId: null, ...(r.ok ? { done: `${row.patientName} is off the waitlist.` } : { problem: { id: row.id, error: r.error } }) });
    void waitlistRows.reload();
  },
}));

export interface EntryDraft {
  patient: { id: string; name: string } | null;
  typeId: string;
  /** [] = any provider. */
  providerIds: string[];
  locationId: string;
  weekdays: number[];
  partsOfDay: WaitlistPart[];
  earliestDate: string;
  latestDate: string;
  note: string;
}

interface AddFlow {
  draft: EntryDraft | null;
  status: Status;
  errors: FieldErrors;
  problem: AppErrorShape | null;
  open(draft: EntryDraft): void;
  change(patch: Partial<EntryDraft>): void;
  save(): Promise<boolean>;
  close(): void;
}

export const useAddToWaitlist = create<AddFlow>()((set, get) => ({
  draft: null,
  status: 'idle',
  errors: {},
  problem: null,
  open: (draft) => set({ draft, status: 'idle', errors: {}, problem: null }),
  change: (patch) => {
    const d = get().draft;
    if (d) set({ draft: { ...d, ...patch } });
  },
  async save() {
    const d = get().draft;
    if (!d || get().status === 'saving') return false;
    if (!d.patient) {
      set({ errors: { patientId: 'Choose the patient.' } });
      return false;
    }
    set({ status: 'saving', errors: {}, problem: null });
    const r = await invoke('waitlist/create', {
      patientId: d.patient.id,
      typeId: d.typeId,
      providerIds: d.providerIds,
      locationId: d.locationId || null,
      weekdays: d.weekdays,
      partsOfDay: d.partsOfDay,
      ...(d.earliestDate ? { earliestDate: d.earliestDate } : {}),
      latestDate: d.latestDate || null,
      note: d.note,
    });
    if (r.ok) {
      set({ draft: null, status: 'idle' });
      waitlistPatientSearch.clear();
      useWaitlistRows.setState({ done: `${d.patient.name} is on the waitlist.` });
      return true;
    }
    const errors = fieldErrors(r.error);
    set({ status: 'idle', errors, problem: Object.keys(errors).length > 0 ? null : r.error });
    return false;
  },
  close: () => {
    waitlistPatientSearch.clear();
    set({ draft: null, status: 'idle', errors: {}, problem: null });
  },
}));
