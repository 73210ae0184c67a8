import { create } from 'zustand';
import type { SeriesCheckDto } from '@shared/domain/waitlist';
import type { EpochMs } from '@shared/domain/ids';
import { fieldErrors, type FieldErrors } from '@shared/domain/field-errors';
import { invoke } from '../../api';
import { usePatientSearch } from '../patient-search';
import { useBookingFlow } from './booking-flow';
import { problemOf, useBookingDone, type Problem } from './booking-shared';

/**
 * "Repeat this visit" inside the booking dialog's confirm step: the rule
 * (every N weeks, or monthly on the same weekday or date; a number of visits
 * or a last date), the check of every visit (free ones ticked, taken ones
 * with the nearest free times to choose from, or skipped), then one booking
 * of all chosen visits. One status field: idle, checking, saving.
 */
export interface RepeatRule {
  frequency: 'weekly' | 'monthly';
  interval: number;
  monthlyBy: 'weekday' | 'date';
  endKind: 'count' | 'until';
  count: number;
  until: string;
}

interface RecurringState {
  on: boolean;
  rule: RepeatRule;
  status: 'idle' | 'checking' | 'saving';
  check: SeriesCheckDto | null;
  /** Per visit number: the chosen start, or null to skip it. */
  chosen: Record<number, EpochMs | null>;
  errors: FieldErrors;
  problem: Problem | null;
  toggle(on: boolean): void;
  setRule(patch: Partial<RepeatRule>): void;
  choose(occurrence: number, startAt: EpochMs | null): void;
  runCheck(): Promise<void>;
  book(): Promise<void>;
  reset(): void;
}

const START: Pick<RecurringState, 'on' | 'rule' | 'status' | 'check' | 'chosen' | 'errors' | 'problem'> = {
  on: false,
  rule: { frequency: 'weekly', interval: 1, monthlyBy: 'weekday', endKind: 'count', count: 6, until: '' },
  status: 'idle',
  check: null,
  chosen: {},
  errors: {},
  problem: null,
};

/** The series request for the booking dialog's chosen time, patient and type. */
function request(r: RepeatRule) {
  const flow = useBookingFlow.getState().flow;
  const slot = flow?.chosen;
  if (!flow || !slot || !flow.patient) return null;
  return {
    patientId: flow.patient.id,
    providerId: slot.providerIds[0]!,
    locationId: slot.locationId,
    typeId: flow.criteria.typeId,
    startAt: slot.start,
    ...(slot.roomId ? { roomId: slot.roomId } : {}),
    rule: r.frequency === 'weekly' ? { frequency: 'weekly' as const, interval: r.interval } : { frequency: 'monthly' as const, interval: r.interval, monthlyBy: r.monthlyBy },
    end: r.endKind === 'count' ? { kind: 'count' as const, count: r.count } : { kind: 'until' as const, until: r.until },
  };
}

export const useRecurring = create<RecurringState>()((set, get) => ({
  ...START,
  toggle: (on) => set({ ...START, on, rule: get().rule }),
  setRule: (patch) => set({ rule: { ...get().rule, ...patch }, check: null, chosen: {}, errors: {}, problem: null }),
  choose: (occurrence, startAt) => set({ chosen: { ...get().chosen, [occurrence]: startAt } }),
  async runCheck() {
    const input = request(get().rule);
    if (!input || get().status !== 'idle') return;
    set({ status: 'checking', errors: {}, problem: null });
    const r = await invoke('series/check', input);
    if (!r.ok) {
      const errors = fieldErrors(r.error, (path) => (path.startsWith('end') ? 'end' : path.startsWith('rule') ? 'rule' : (path.split('.')[0] ?? '')));
      set({ status: 'idle', errors, problem: Object.keys(errors).length > 0 ? null : problemOf(r.error) });
      return;
    }
    // Free visits are taken as they are; a taken one waits for the desk to pick a nearby time or skip it.
    const chosen = Object.fromEntries(r.data.occurrences.map((o) => [o.occurrence, o.free ? o.startAt : null]));
    set({ status: 'idle', check: r.data, chosen });
  },
  async book() {
    const { check, chosen, rule } = get();
    const input = request(rule);
    const flow = useBookingFlow.getState().flow;
    if (!input || !check || !flow || get().status !== 'idle') return;
    const occurrences = check.occurrences.flatMap((o) => (chosen[o.occurrence] != null ? [{ occurrence: o.occurrence, startAt: chosen[o.occurrence]! }] : []));
    set({ status: 'saving', problem: null });
    const r = await invoke('series/book', { ...input, note: flow.note, occurrences });
    if (!r.ok) {
      // Taken since the check: say which visit, and check the series again so the list is current.
      set({ status: 'idle', problem: problemOf(r.error), check: null });
      await get().runCheck();
      set({ problem: problemOf(r.error) });
      return;
    }
    const patient = flow.patient!;
    useBookingFlow.getState().close();
    set({ ...START });
    useBookingDone.getState().announce(`Booked ${patient.name}: ${r.data.occurrences.length} visits in a series.`);
    void usePatientSearch.getState().openPatient(patient.id);
  },
  reset: () => set({ ...START }),
}));
