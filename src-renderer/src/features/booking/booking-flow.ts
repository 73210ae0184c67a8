import { create } from 'zustand';
import type { SlotOffer, TimeExplanation, TypesAtTime } from '@shared/domain/availability';
import { hasCode } from '@shared/domain/errors';
import type { EpochMs, ProviderId } from '@shared/domain/ids';
import type { DuplicateCandidate } from '@shared/domain/patients';
import type { CreatePatientInput } from '@shared/schemas/patients';
import { invoke } from '../../api';
import { notifyError } from '../../stores/notices';
import type { BookAgainArgs } from '../../stores/booking-bridge';
import { currentSetup, ensureClinicSetup } from '../../stores/clinic-setup';
import { reportBooked } from '../../stores/booking-bridge';
import { openPanel, patientSearch, usePatientSearch } from '../patient-search';
import {
  ANY,
  defaultCriteria,
  describeSlot,
  FIRST_COUNT,
  FRESH_TIMES,
  fullName,
  problemOf,
  slotSearchInput,
  TIME_GONE,
  typesFor,
  dialogReads,
  unlessClosed,
  useBookingDone,
  zoneOf,
  type ChosenPatient,
  type Criteria,
  type Problem,
} from './booking-shared';
import { localDateIn } from '@shared/time';

/**
 * The booking dialog, opened from the grid (a cell), the keyboard (c: find
 * next available) or the patient panel: criteria → a free time → the patient
 * (search, or create with the duplicate warning) → confirm. When the time is
 * taken meanwhile the dialog says so and shows fresh times; nothing fails silently.
 */

/** A time picked on the grid: checked against the slot engine once a type is chosen. */
export interface CellRequest {
  providerId: string;
  start: EpochMs;
  locationId?: string;
}

type BookingStep = 'find' | 'patient' | 'confirm';

/** What the dialog is doing: waiting for the receptionist, reading times, or saving. */
type BookingStatus = 'idle' | 'searching' | 'saving';

export interface BookingFlow {
  step: BookingStep;
  status: BookingStatus;
  criteria: Criteria;
  /** Set when the flow started from a grid cell. */
  cell: CellRequest | null;
  /** The slot engine's verdict on the cell's time for the chosen type. */
  cellCheck: TimeExplanation | null;
  /** The provider's types checked at the cell's time, those that fit first; null while they are read. */
  cellTypes: TypesAtTime['types'] | null;
  slots: SlotOffer[] | null;
  count: number;
  chosen: SlotOffer | null;
  patient: ChosenPatient | null;
  patientQuery: string;
  /** DUPLICATE_PATIENT: the look-alikes, and the record waiting for "create anyway". */
  duplicates: { candidates: DuplicateCandidate[]; pending: CreatePatientInput } | null;
  note: string;
  problem: Problem | null;
}

interface BookingFlowState {
  flow: BookingFlow | null;
  startBooking(request: CellRequest): Promise<void>;
  openFindNext(opts?: { patient?: ChosenPatient; criteria?: Partial<Criteria> }): Promise<void>;
  setCriteria(patch: Partial<Criteria>): void;
  findTimes(more?: boolean): Promise<void>;
  checkCellTime(): Promise<void>;
  /** Leaves the grid cell's time for the full search (any provider, date range). */
  searchInstead(): void;
  chooseSlot(slot: SlotOffer): void;
  backTo(step: BookingStep): void;
  searchPatients(query: string): void;
  choosePatient(patient: ChosenPatient): void;
  createPatient(input: CreatePatientInput, confirmDuplicate?: boolean): Promise<boolean>;
  dismissDuplicates(): void;
  setNote(note: string): void;
  confirmBooking(): Promise<void>;
  close(): void;
}

const MORE_COUNT = 12;
const MAX_COUNT = 50;

/** The patient step's own search (fewer hits than the top bar's). */
export const bookingPatientSearch = patientSearch(8);

/** The patient open in the side panel, if any: a booking started from there is for them. */
function currentPatient(): ChosenPatient | null {
  const panel = openPanel();
  return panel ? { id: panel.patient.id, name: fullName(panel.patient), dateOfBirth: panel.patient.dateOfBirth } : null;
}

export const useBookingFlow = create<BookingFlowState>()((set, get) => {
  const open = dialogReads();

  const patch = (p: Partial<BookingFlow>): void => {
    const flow = get().flow;
    if (flow) set({ flow: { ...flow, ...p } });
  };

  const begin = (criteria: Criteria, patient: ChosenPatient | null, cell: CellRequest | null): void => {
    open.renew();
    bookingPatientSearch.clear();
    set({
      flow: {
        step: 'find',
        status: 'idle',
        criteria,
        cell,
        cellCheck: null,
        cellTypes: null,
        slots: null,
        count: FIRST_COUNT,
        chosen: null,
        patient,
        patientQuery: '',
        duplicates: null,
        note: '',
        problem: null,
      },
    });
  };

  /** Searches times for the criteria; a new search clears the dialog's message, a refresh after a refusal keeps it. */
  const searchTimes = async (count: number, clearProblem: boolean): Promise<void> => {
    const flow = get().flow;
    if (!flow) return;
    patch({ status: 'searching', count, ...(clearProblem ? { problem: null } : {}) });
    const r = await unlessClosed(open.signal, (signal) => invoke('slots/next-available', slotSearchInput(flow.criteria, count), { signal }));
    if (!r) return;
    if (!r.ok) patch({ status: 'idle', problem: problemOf(r.error) });
    else patch({ status: 'idle', slots: r.data.slots });
  };

  return {
    flow: null,

    async startBooking(request) {
      await ensureClinicSetup();
      const criteria = defaultCriteria({
        providerId: request.providerId,
        typeId: '',
        fromDate: localDateIn(zoneOf(request.locationId), request.start),
        ...(request.locationId ? { locationId: request.locationId } : {}),
      });
      begin(criteria, currentPatient(), request);
      // Propose a type that fits at this time: the provider's most-booked one that does, never one that cannot.
      patch({ status: 'searching' });
      const r = await unlessClosed(open.signal, (signal) =>
        invoke(
          'slots/types-at',
          { providerId: request.providerId, start: request.start, ...(request.locationId ? { locationId: request.locationId } : {}) },
          { signal },
        ),
      );
      const flow = get().flow;
      if (!r || flow?.cell !== request) return;
      if (!r.ok) return patch({ status: 'idle', problem: problemOf(r.error) });
      const proposed = r.data.types.find((t) => t.fits) ?? r.data.types[0];
      patch({
        status: 'idle',
        cellTypes: r.data.types,
        criteria: { ...flow.criteria, typeId: proposed?.typeId ?? '', locationId: r.data.locationId },
      });
      // Nothing fits here: say why at once (for the provider's most-booked type) with the nearest free times.
      if (proposed && !proposed.fits) await get().checkCellTime();
    },

    async openFindNext(opts = {}) {
      await ensureClinicSetup();
      begin(defaultCriteria(opts.criteria), opts.patient ?? currentPatient(), null);
    },

    setCriteria(p) {
      const flow = get().flow;
      if (!flow) return;
      const criteria = { ...flow.criteria, ...p };
      // A provider who does not do the chosen type: pick a type they do.
      if (p.providerId !== undefined && !typesFor(criteria.providerId).some((t) => t.id === criteria.typeId)) {
        criteria.typeId = typesFor(criteria.providerId)[0]?.id ?? criteria.typeId;
      }
      // A care team keeps only members who perform the chosen type.
      const type = currentSetup()?.appointmentTypes.find((t) => t.id === criteria.typeId);
      if (type) criteria.teamIds = criteria.teamIds.filter((id) => type.providerIds.includes(id as ProviderId));
      patch({ criteria, slots: null, count: FIRST_COUNT, cellCheck: null });
    },

    async findTimes(more = false) {
      const flow = get().flow;
      if (!flow) return;
      await searchTimes(more ? Math.min(MAX_COUNT, flow.count + MORE_COUNT) : FIRST_COUNT, !more);
    },

    async checkCellTime() {
      const flow = get().flow;
      if (!flow?.cell) return;
      const cell = flow.cell;
      patch({ status: 'searching', problem: null });
      const r = await unlessClosed(open.signal, (signal) =>
        invoke(
          'slots/explain',
          { providerId: cell.providerId, typeId: flow.criteria.typeId, start: cell.start, ...(cell.locationId ? { locationId: cell.locationId } : {}) },
          { signal },
        ),
      );
      if (!r) return;
      if (!r.ok) return patch({ status: 'idle', problem: problemOf(r.error) });
      if (r.data.bookable) {
        patch({ status: 'idle', cellCheck: r.data });
        get().chooseSlot({ start: r.data.start, end: r.data.end, providerIds: [r.data.providerId], roomId: null, locationId: r.data.locationId });
        return;
      }
      // Not bookable: say why, and offer this provider's nearest free times from that day.
      patch({ cellCheck: r.data, criteria: { ...flow.criteria, locationId: r.data.locationId } });
      await searchTimes(FIRST_COUNT, false);
    },

    searchInstead() {
      const flow = get().flow;
      if (flow) patch({ cell: null, cellCheck: null, slots: null, problem: null, criteria: { ...flow.criteria, providerId: ANY } });
    },

    chooseSlot(slot) {
      const flow = get().flow;
      if (flow) patch({ chosen: slot, step: flow.patient ? 'confirm' : 'patient', problem: null });
    },

    backTo(step) {
      patch({ step, problem: null, duplicates: null });
    },

    searchPatients(query) {
      patch({ patientQuery: query });
      void bookingPatientSearch.type(query);
    },

    choosePatient(patient) {
      patch({ patient, step: 'confirm', duplicates: null, problem: null });
    },

    async createPatient(input, confirmDuplicate = false) {
      patch({ status: 'saving', problem: null });
      const r = await invoke('patients/create', { ...input, confirmDuplicate });
      if (!get().flow) return false;
      if (r.ok) {
        patch({ status: 'idle' });
        get().choosePatient({ id: r.data.id, name: fullName(r.data), dateOfBirth: r.data.dateOfBirth });
        return true;
      }
      if (hasCode(r.error, 'DUPLICATE_PATIENT')) {
        patch({ status: 'idle', duplicates: { candidates: r.error.details?.candidates ?? [], pending: input } });
        return false;
      }
      patch({ status: 'idle', problem: problemOf(r.error) });
      return false;
    },

    dismissDuplicates() {
      patch({ duplicates: null });
    },

    setNote(note) {
      patch({ note });
    },

    async confirmBooking() {
      const flow = get().flow;
      if (!flow?.chosen || !flow.patient || flow.status === 'saving') return;
      const slot = flow.chosen;
      const patient = flow.patient;
      patch({ status: 'saving', problem: null });
      const visit = {
        patientId: patient.id,
        locationId: slot.locationId,
        typeId: flow.criteria.typeId,
        startAt: slot.start,
        ...(slot.roomId ? { roomId: slot.roomId } : {}),
        note: flow.note,
      };
      const r =
        slot.providerIds.length > 1
          ? await invoke('appointments/book-team', { ...visit, providerIds: slot.providerIds })
          : await invoke('appointments/book', { ...visit, providerId: slot.providerIds[0]! });
      if (!get().flow) return;
      if (r.ok) {
        get().close();
        reportBooked(Array.isArray(r.data) ? r.data[0]!.id : r.data.id);
        useBookingDone.getState().announce(`Booked ${patient.name}: ${describeSlot(slot, flow.criteria.typeId)}.`);
        void usePatientSearch.getState().openPatient(patient.id);
        return;
      }
      if (TIME_GONE.includes(r.error.code)) {
        // Taken meanwhile: say so plainly, and show fresh times for the same request.
        const criteria = flow.cell ? { ...flow.criteria, providerId: flow.cell.providerId } : flow.criteria;
        patch({
          status: 'idle',
          step: 'find',
          chosen: null,
          cell: null,
          cellCheck: null,
          criteria,
          problem: { code: r.error.code, message: `${r.error.message}${FRESH_TIMES}` },
        });
        await searchTimes(FIRST_COUNT, false);
        return;
      }
      patch({ status: 'idle', problem: problemOf(r.error) });
    },

    close() {
      open.abandon();
      bookingPatientSearch.clear();
      set({ flow: null });
    },
  };
});

/**
 * "Book again" from a visit's panel or card menu: find-next for the same
 * patient, type and provider at the same location, searching at once from
 * today; the receptionist chooses the time (or changes the provider).
 */
export async function bookAgain(args: BookAgainArgs): Promise<void> {
  const p = await invoke('patients/get', { id: args.patientId });
  if (!p.ok) {
    notifyError(p.error);
    return;
  }
  const flow = useBookingFlow.getState();
  await flow.openFindNext({
    patient: { id: p.data.id, name: fullName(p.data), dateOfBirth: p.data.dateOfBirth },
    criteria: { typeId: args.typeId, providerId: args.providerId, locationId: args.locationId },
  });
  await useBookingFlow.getState().findTimes();
}
