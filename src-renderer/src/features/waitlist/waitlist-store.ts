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

/** An opening the desk still shows: the time and how many entries fit it now. */
export interface ShownOpening extends WaitlistOpening {
  key: string;
}

/** Openings kept on screen at once; older ones go (the Waitlist view still lists every entry). */
const MAX_OPENINGS = 6;

const openingKey = (o: Pick<WaitlistOpening, 'providerId' | 'startAt' | 'endAt'>): string => `${o.providerId}:${o.startAt}:${o.endAt}`;

interface OpeningState {
  /** Times main said opened with entries fitting them, newest first; each goes when booked, dismissed or nobody fits any more. */
  openings: ShownOpening[];
  /** The opening whose fitting entries are listed. */
  expandedKey: string | null;
  /** Openings whose marker the schedule shows in view (the banner names the others). */
  onScreen: readonly string[];
  /** Openings the day grid has looked for on screen; null while no day grid is shown (the banner names every opening). */
  looked: readonly string[] | null;
  /** An opening the desk asked to see on the schedule ("Show"): the grid goes there and clears it. */
  revealKey: string | null;
  status: Status;
  problem: AppErrorShape | null;
  /** What the desk did last, announced politely. */
  done: string | null;
  listen(): () => void;
  show(key: string): void;
  collapse(): void;
  dismiss(key: string): void;
  book(fit: WaitlistFitDto): Promise<void>;
  setOnScreen(keys: readonly string[], looked: readonly string[] | null): void;
  reveal(key: string): void;
  revealed(): void;
}

const fitsInput = (o: WaitlistOpening) => ({ providerId: o.providerId, locationId: o.locationId, startAt: o.startAt, endAt: o.endAt });

export const useWaitlistOpening = create<OpeningState>()((set, get) => {
  /** Re-asks who fits each shown opening after the schedule or the waitlist changed: a time booked meanwhile (here or at another desk) fits nobody and goes. */
  let recheckTimer: ReturnType<typeof setTimeout> | null = null;
  const recheck = (): void => {
    if (recheckTimer) clearTimeout(recheckTimer);
    recheckTimer = setTimeout(() => {
      recheckTimer = null;
      void Promise.all(
        get().openings.map(async (o) => {
          const r = await invoke('waitlist/fits', fitsInput(o));
          return { key: o.key, fits: r.ok ? r.data : null };
        }),
      ).then((answers) => {
        const byKey = new Map(answers.map((a) => [a.key, a.fits]));
        const openings = get().openings.flatMap((o): ShownOpening[] => {
          const fits = byKey.get(o.key);
          // Not asked (arrived meanwhile) or the read failed: keep it as it was.
          if (fits === undefined || fits === null) return [o];
          if (fits.length === 0) return [];
          const first = fits.reduce((a, b) => (b.slot.start < a.slot.start ? b : a));
          return [{ ...o, count: fits.length, firstStart: first.slot.start, firstLocationId: first.slot.locationId }];
        });
        const expandedKey = openings.some((o) => o.key === get().expandedKey) ? get().expandedKey : null;
        set({ openings, expandedKey });
        if (expandedKey === null) void openingFits.setInput(null);
      });
    }, 150);
  };
  return {
    openings: [],
    expandedKey: null,
    onScreen: [],
    looked: null,
    revealKey: null,
    status: 'idle',
    problem: null,
    done: null,
    listen: () => {
      const offs = [
        onEvent('waitlist/opening', (opening) => {
          const key = openingKey(opening);
          set({ openings: [{ ...opening, key }, ...get().openings.filter((o) => o.key !== key)].slice(0, MAX_OPENINGS), problem: null, done: null });
        }),
        onEvent('appointments/changed', () => get().openings.length > 0 && recheck()),
        onEvent('waitlist/changed', () => get().openings.length > 0 && recheck()),
      ];
      return () => offs.forEach((off) => off());
    },
    show(key) {
      const o = get().openings.find((x) => x.key === key);
      if (!o) return;
      set({ expandedKey: key, problem: null });
      void openingFits.setInput(fitsInput(o), { force: true });
    },
    collapse() {
      set({ expandedKey: null, problem: null });
      void openingFits.setInput(null);
    },
    dismiss(key) {
      set({ openings: get().openings.filter((o) => o.key !== key), problem: null });
      if (get().expandedKey === key) get().collapse();
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
        set({ status: 'idle', expandedKey: null, done: `Booked ${fit.entry.patientName} from the waitlist.` });
        void openingFits.setInput(null);
        // The rest of the opened time may still fit someone: the re-check keeps or drops it.
        recheck();
      } else {
        set({ status: 'idle', problem: r.error });
        void openingFits.reload();
      }
    },
    setOnScreen(keys, looked) {
      const same = (a: readonly string[] | null, b: readonly string[] | null) =>
        a === b || (a !== null && b !== null && a.length === b.length && a.every((k, i) => k === b[i]));
      if (!same(keys, get().onScreen) || !same(looked, get().looked)) set({ onScreen: keys, looked });
    },
    reveal: (key) => set({ revealKey: key }),
    revealed: () => set({ revealKey: null }),
  };
});

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
