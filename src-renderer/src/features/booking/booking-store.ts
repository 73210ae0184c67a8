import { create } from 'zustand';
import type { SlotOffer, TimeExplanation } from '../../../../src-shared/domain/availability';
import type { AppointmentDto } from '../../../../src-shared/domain/booking';
import { hasCode, type AppErrorShape } from '../../../../src-shared/domain/errors';
import type { AppointmentId, EpochMs, PatientId, ProviderId } from '../../../../src-shared/domain/ids';
import type { DuplicateCandidate, PatientSearchHit } from '../../../../src-shared/domain/patients';
import type { CreatePatientInput } from '../../../../src-shared/schemas/patients';
import type { PartOfDay } from '../../../../src-shared/schemas/slots';
import { invoke } from '../../api';
import { addDays, localDateIn } from '../../lib/local-date';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { locationById, useClinicSetup } from '../../stores/clinic-setup';
import { notifyError } from '../../stores/notices';
import { usePatientSearch } from '../patient-search/patient-search-store';

/**
 * The booking flow and the appointment dialogs (reschedule, cancel, why not).
 * Opened from the grid (startBooking, openReschedule, openCancel, explainTime),
 * from the keyboard (c: find next available) or from the patient panel.
 *
 * Booking: criteria → a free time → the patient (search, or create with the
 * duplicate warning) → confirm. When the time is taken meanwhile the dialog
 * says so and shows fresh times; nothing fails silently.
 */

export const ANY = 'any';
/** `providerId` TEAM: a care team, every provider of `teamIds` with the patient at once. */
export const TEAM = 'team';

/** What the receptionist is looking for. `providerId` ANY = any provider able to do the type. */
export interface Criteria {
  typeId: string;
  providerId: string;
  /** The care team when `providerId` is TEAM. */
  teamIds: string[];
  /** '' = every location the providers work at. */
  locationId: string;
  fromDate: string;
  toDate: string;
  partOfDay: PartOfDay;
}

export interface ChosenPatient {
  id: PatientId;
  name: string;
  dateOfBirth: string;
}

/** A time picked on the grid: checked against the slot engine once a type is chosen. */
export interface CellRequest {
  providerId: string;
  start: EpochMs;
  locationId?: string;
}

/** A message in the dialog itself (role=alert), written for the receptionist. */
export interface Problem {
  code: AppErrorShape['code'];
  message: string;
}

export type BookingStep = 'find' | 'patient' | 'confirm';

export interface BookingFlow {
  step: BookingStep;
  criteria: Criteria;
  /** Set when the flow started from a grid cell. */
  cell: CellRequest | null;
  /** The slot engine's verdict on the cell's time for the chosen type. */
  cellCheck: TimeExplanation | null;
  slots: SlotOffer[] | null;
  count: number;
  searching: boolean;
  chosen: SlotOffer | null;
  patient: ChosenPatient | null;
  patientQuery: string;
  patientHits: PatientSearchHit[];
  /** DUPLICATE_PATIENT: the look-alikes, and the record waiting for "create anyway". */
  duplicates: { candidates: DuplicateCandidate[]; pending: CreatePatientInput } | null;
  note: string;
  busy: boolean;
  problem: Problem | null;
}

export interface RescheduleFlow {
  appointment: AppointmentDto;
  patientName: string;
  criteria: Criteria;
  slots: SlotOffer[] | null;
  searching: boolean;
  chosen: SlotOffer | null;
  busy: boolean;
  problem: Problem | null;
}

export interface CancelFlow {
  appointment: AppointmentDto;
  patientName: string;
  busy: boolean;
  problem: Problem | null;
}

export interface WhyNotRequest {
  providerId: string;
  start: EpochMs;
  /** Omitted (the grid does not know it): the provider's first type, changeable in the panel. */
  typeId?: string;
  locationId?: string;
}

export interface WhyNotFlow {
  request: WhyNotRequest;
  explanation: TimeExplanation | null;
  problem: Problem | null;
}

/** The last change made here, announced politely (role=status) after its dialog closed. */
export interface Done {
  id: number;
  message: string;
}

interface BookingState {
  booking: BookingFlow | null;
  reschedule: RescheduleFlow | null;
  cancel: CancelFlow | null;
  whyNot: WhyNotFlow | null;
  done: Done | null;

  // Entry points (the grid calls these).
  startBooking(request: CellRequest): Promise<void>;
  openFindNext(opts?: { patient?: ChosenPatient; criteria?: Partial<Criteria> }): Promise<void>;
  openReschedule(appointmentId: AppointmentId | string): Promise<void>;
  openCancel(appointmentId: AppointmentId | string): Promise<void>;
  explainTime(request: WhyNotRequest): Promise<void>;

  // Booking flow.
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
  closeBooking(): void;

  // Reschedule.
  setRescheduleCriteria(patch: Partial<Criteria>): void;
  findRescheduleTimes(): Promise<void>;
  chooseRescheduleSlot(slot: SlotOffer | null): void;
  confirmReschedule(): Promise<void>;
  closeReschedule(): void;

  // Cancel.
  confirmCancel(reason: string): Promise<void>;
  closeCancel(): void;

  closeWhyNot(): void;
  clearDone(): void;
}

const FIRST_COUNT = 12;
const MORE_COUNT = 12;
const MAX_COUNT = 50;
const SEARCH_DAYS = 14;
/** Guard refusals that mean "this time is no longer possible": say so and show fresh times. */
const TIME_GONE: ReadonlyArray<AppErrorShape['code']> = ['SLOT_TAKEN', 'ROOM_TAKEN', 'IN_PAST', 'OUTSIDE_HOURS', 'BLOCKED'];

const clinicZone = (): string => useAppStatus.getState().status?.clinic?.zone ?? 'UTC';
const zoneOf = (locationId: string | undefined): string =>
  (locationId && locationById(useClinicSetup.getState().setup, locationId)?.zone) || clinicZone();
const today = (): string => localDateIn(clinicZone(), mainNow());

export const fullName = (p: { givenName: string; familyName: string }): string => `${p.givenName} ${p.familyName}`;

function defaultCriteria(patch: Partial<Criteria> = {}): Criteria {
  const setup = useClinicSetup.getState().setup;
  const from = patch.fromDate ?? today();
  return {
    typeId: setup?.appointmentTypes.find((t) => t.active)?.id ?? '',
    providerId: ANY,
    teamIds: [],
    locationId: '',
    fromDate: from,
    toDate: addDays(from, SEARCH_DAYS - 1),
    partOfDay: 'any',
    ...patch,
  };
}

/** The types a provider performs (all active types for "any"). */
export function typesFor(providerId: string) {
  const types = useClinicSetup.getState().setup?.appointmentTypes.filter((t) => t.active) ?? [];
  return providerId === ANY || providerId === TEAM ? types : types.filter((t) => t.providerIds.includes(providerId as never));
}

function whoOf(c: Criteria) {
  if (c.providerId === ANY) return { kind: 'any' } as const;
  if (c.providerId === TEAM) return { kind: 'team', providerIds: c.teamIds as ProviderId[] } as const;
  return { kind: 'provider', providerId: c.providerId as ProviderId } as const;
}

function slotSearchInput(c: Criteria, count: number) {
  return {
    typeId: c.typeId,
    who: whoOf(c),
    ...(c.locationId ? { locationId: c.locationId } : {}),
    fromDate: c.fromDate,
    toDate: c.toDate,
    partOfDay: c.partOfDay,
    count,
  };
}

const problemOf = (e: AppErrorShape): Problem => ({ code: e.code, message: e.message });
let doneId = 1;
let patientTimer: ReturnType<typeof setTimeout> | null = null;
let patientSeq = 0;

export const useBooking = create<BookingState>()((set, get) => {
  const patchBooking = (patch: Partial<BookingFlow>): void => {
    const b = get().booking;
    if (b) set({ booking: { ...b, ...patch } });
  };
  const patchReschedule = (patch: Partial<RescheduleFlow>): void => {
    const r = get().reschedule;
    if (r) set({ reschedule: { ...r, ...patch } });
  };

  const newFlow = (criteria: Criteria, patient: ChosenPatient | null, cell: CellRequest | null): BookingFlow => ({
    step: 'find',
    criteria,
    cell,
    cellCheck: null,
    slots: null,
    count: FIRST_COUNT,
    searching: false,
    chosen: null,
    patient,
    patientQuery: '',
    patientHits: [],
    duplicates: null,
    note: '',
    busy: false,
    problem: null,
  });

  const loadAppointment = async (id: string): Promise<{ appointment: AppointmentDto; patientName: string } | null> => {
    const [a] = await Promise.all([invoke('appointments/get', { id }), useClinicSetup.getState().ensureLoaded()]);
    if (!a.ok) {
      notifyError(a.error);
      return null;
    }
    const p = await invoke('patients/get', { id: a.data.patientId });
    return { appointment: a.data, patientName: p.ok ? fullName(p.data) : 'this patient' };
  };

  const announce = (message: string): void => set({ done: { id: doneId++, message } });

  /** Runs the booking flow's search; a new search clears the dialog's message, a refresh after a refusal keeps it. */
  const searchTimes = async (count: number, clearProblem: boolean): Promise<void> => {
    const b = get().booking;
    if (!b) return;
    patchBooking({ searching: true, count, ...(clearProblem ? { problem: null } : {}) });
    const r = await invoke('slots/next-available', slotSearchInput(b.criteria, count));
    if (get().booking === null) return;
    if (!r.ok) {
      patchBooking({ searching: false, problem: problemOf(r.error) });
      return;
    }
    patchBooking({ searching: false, slots: r.data.slots });
  };

  return {
    booking: null,
    reschedule: null,
    cancel: null,
    whyNot: null,
    done: null,

    async startBooking(request) {
      const setup = await useClinicSetup.getState().ensureLoaded();
      const zone = zoneOf(request.locationId);
      const types = typesFor(request.providerId);
      const criteria = defaultCriteria({
        providerId: request.providerId,
        typeId: types[0]?.id ?? setup?.appointmentTypes[0]?.id ?? '',
        fromDate: localDateIn(zone, request.start),
        ...(request.locationId ? { locationId: request.locationId } : {}),
      });
      const patient = currentPatient();
      set({ booking: newFlow(criteria, patient, request) });
    },

    async openFindNext(opts = {}) {
      await useClinicSetup.getState().ensureLoaded();
      set({ booking: newFlow(defaultCriteria(opts.criteria), opts.patient ?? currentPatient(), null) });
    },

    async openReschedule(appointmentId) {
      const loaded = await loadAppointment(appointmentId);
      if (!loaded) return;
      const { appointment } = loaded;
      set({
        reschedule: {
          ...loaded,
          criteria: defaultCriteria({
            typeId: appointment.typeId,
            providerId: appointment.providerId,
            locationId: appointment.locationId,
            fromDate: maxDate(today(), localDateIn(zoneOf(appointment.locationId), appointment.startAt)),
          }),
          slots: null,
          searching: false,
          chosen: null,
          busy: false,
          problem: null,
        },
      });
      await get().findRescheduleTimes();
    },

    async openCancel(appointmentId) {
      const loaded = await loadAppointment(appointmentId);
      if (loaded) set({ cancel: { ...loaded, busy: false, problem: null } });
    },

    async explainTime(asked) {
      await useClinicSetup.getState().ensureLoaded();
      const request = { ...asked, typeId: asked.typeId ?? typesFor(asked.providerId)[0]?.id ?? '' };
      set({ whyNot: { request, explanation: null, problem: null } });
      const r = await invoke('slots/explain', {
        providerId: request.providerId,
        typeId: request.typeId,
        start: request.start,
        ...(request.locationId ? { locationId: request.locationId } : {}),
      });
      if (get().whyNot?.request !== request) return;
      set({ whyNot: { request, explanation: r.ok ? r.data : null, problem: r.ok ? null : problemOf(r.error) } });
    },

    // ── Booking flow ────────────────────────────────────────────────────────

    setCriteria(patch) {
      const b = get().booking;
      if (!b) return;
      const criteria = { ...b.criteria, ...patch };
      // A provider who does not do the chosen type: pick a type they do.
      if (patch.providerId !== undefined && !typesFor(criteria.providerId).some((t) => t.id === criteria.typeId)) {
        criteria.typeId = typesFor(criteria.providerId)[0]?.id ?? criteria.typeId;
      }
      // A care team keeps only members who perform the chosen type.
      const type = useClinicSetup.getState().setup?.appointmentTypes.find((t) => t.id === criteria.typeId);
      if (type) criteria.teamIds = criteria.teamIds.filter((id) => type.providerIds.includes(id as ProviderId));
      patchBooking({ criteria, slots: null, count: FIRST_COUNT, cellCheck: null });
    },

    async findTimes(more = false) {
      const b = get().booking;
      if (!b) return;
      await searchTimes(more ? Math.min(MAX_COUNT, b.count + MORE_COUNT) : FIRST_COUNT, !more);
    },

    async checkCellTime() {
      const b = get().booking;
      if (!b?.cell) return;
      patchBooking({ searching: true, problem: null });
      const r = await invoke('slots/explain', {
        providerId: b.cell.providerId,
        typeId: b.criteria.typeId,
        start: b.cell.start,
        ...(b.cell.locationId ? { locationId: b.cell.locationId } : {}),
      });
      if (!get().booking) return;
      if (!r.ok) {
        patchBooking({ searching: false, problem: problemOf(r.error) });
        return;
      }
      if (r.data.bookable) {
        patchBooking({ searching: false, cellCheck: r.data });
        get().chooseSlot({
          start: r.data.start,
          end: r.data.end,
          providerIds: [r.data.providerId],
          roomId: null,
          locationId: r.data.locationId,
        });
        return;
      }
      // Not bookable: say why, and offer this provider's nearest free times from that day.
      patchBooking({ cellCheck: r.data, criteria: { ...b.criteria, locationId: r.data.locationId } });
      await searchTimes(FIRST_COUNT, false);
    },

    searchInstead() {
      const b = get().booking;
      if (b) patchBooking({ cell: null, cellCheck: null, slots: null, problem: null, criteria: { ...b.criteria, providerId: ANY } });
    },

    chooseSlot(slot) {
      const b = get().booking;
      if (!b) return;
      patchBooking({ chosen: slot, step: b.patient ? 'confirm' : 'patient', problem: null });
    },

    backTo(step) {
      patchBooking({ step, problem: null, duplicates: null });
    },

    searchPatients(query) {
      patchBooking({ patientQuery: query });
      if (patientTimer) clearTimeout(patientTimer);
      const mine = ++patientSeq;
      if (query.trim().length < 2) {
        patchBooking({ patientHits: [] });
        return;
      }
      patientTimer = setTimeout(() => {
        void invoke('patients/search', { query, limit: 8 }).then((r) => {
          if (mine !== patientSeq) return;
          if (r.ok) patchBooking({ patientHits: r.data.hits });
          else notifyError(r.error);
        });
      }, 120);
    },

    choosePatient(patient) {
      patchBooking({ patient, step: 'confirm', duplicates: null, problem: null });
    },

    async createPatient(input, confirmDuplicate = false) {
      patchBooking({ busy: true, problem: null });
      const r = await invoke('patients/create', { ...input, confirmDuplicate });
      if (!get().booking) return false;
      if (r.ok) {
        patchBooking({ busy: false });
        get().choosePatient({ id: r.data.id, name: fullName(r.data), dateOfBirth: r.data.dateOfBirth });
        return true;
      }
      if (hasCode(r.error, 'DUPLICATE_PATIENT')) {
        patchBooking({ busy: false, duplicates: { candidates: r.error.details?.candidates ?? [], pending: input } });
        return false;
      }
      patchBooking({ busy: false, problem: problemOf(r.error) });
      return false;
    },

    dismissDuplicates() {
      patchBooking({ duplicates: null });
    },

    setNote(note) {
      patchBooking({ note });
    },

    async confirmBooking() {
      const b = get().booking;
      if (!b?.chosen || !b.patient || b.busy) return;
      const slot = b.chosen;
      patchBooking({ busy: true, problem: null });
      const visit = {
        patientId: b.patient.id,
        locationId: slot.locationId,
        typeId: b.criteria.typeId,
        startAt: slot.start,
        ...(slot.roomId ? { roomId: slot.roomId } : {}),
        note: b.note,
      };
      const r =
        slot.providerIds.length > 1
          ? await invoke('appointments/book-team', { ...visit, providerIds: slot.providerIds })
          : await invoke('appointments/book', { ...visit, providerId: slot.providerIds[0]! });
      if (!get().booking) return;
      if (r.ok) {
        const patient = b.patient;
        set({ booking: null });
        announce(`Booked ${patient.name}: ${describeSlot(slot, b.criteria.typeId)}.`);
        void usePatientSearch.getState().openPatient(patient.id);
        return;
      }
      if (TIME_GONE.includes(r.error.code)) {
        // Taken meanwhile: say so plainly, and show fresh times for the same request.
        const criteria = b.cell ? { ...b.criteria, providerId: b.cell.providerId } : b.criteria;
        patchBooking({
          busy: false,
          step: 'find',
          chosen: null,
          cell: null,
          cellCheck: null,
          criteria,
          problem: { code: r.error.code, message: `${r.error.message} The times below are free right now.` },
        });
        await searchTimes(FIRST_COUNT, false);
        return;
      }
      patchBooking({ busy: false, problem: problemOf(r.error) });
    },

    closeBooking() {
      set({ booking: null });
    },

    // ── Reschedule ──────────────────────────────────────────────────────────

    setRescheduleCriteria(patch) {
      const r = get().reschedule;
      if (r) set({ reschedule: { ...r, criteria: { ...r.criteria, ...patch }, slots: null, chosen: null } });
    },

    async findRescheduleTimes() {
      const r = get().reschedule;
      if (!r) return;
      patchReschedule({ searching: true });
      const res = await invoke('slots/next-available', slotSearchInput(r.criteria, 24));
      if (get().reschedule?.appointment.id !== r.appointment.id) return;
      if (!res.ok) {
        patchReschedule({ searching: false, problem: problemOf(res.error) });
        return;
      }
      patchReschedule({ searching: false, slots: res.data.slots });
    },

    chooseRescheduleSlot(slot) {
      patchReschedule({ chosen: slot, problem: null });
    },

    async confirmReschedule() {
      const r = get().reschedule;
      if (!r?.chosen || r.busy) return;
      const slot = r.chosen;
      patchReschedule({ busy: true, problem: null });
      const res = await invoke('appointments/reschedule', {
        id: r.appointment.id,
        startAt: slot.start,
        providerId: slot.providerIds[0]!,
        locationId: slot.locationId,
        ...(slot.roomId ? { roomId: slot.roomId } : {}),
        expectedVersion: r.appointment.version,
      });
      if (get().reschedule?.appointment.id !== r.appointment.id) return;
      if (res.ok) {
        set({ reschedule: null });
        announce(`Moved ${r.patientName}'s visit to ${describeSlot(slot, r.appointment.typeId)}.`);
        return;
      }
      if (res.error.code === 'CONFLICT') {
        const fresh = await invoke('appointments/get', { id: r.appointment.id });
        if (fresh.ok) patchReschedule({ appointment: fresh.data });
      }
      const problem = problemOf(res.error);
      if (TIME_GONE.includes(res.error.code)) problem.message += ' The times below are free right now.';
      patchReschedule({ busy: false, chosen: null, problem });
      await get().findRescheduleTimes();
      patchReschedule({ problem });
    },

    closeReschedule() {
      set({ reschedule: null });
    },

    // ── Cancel ──────────────────────────────────────────────────────────────

    async confirmCancel(reason) {
      const c = get().cancel;
      if (!c || c.busy) return;
      set({ cancel: { ...c, busy: true, problem: null } });
      const r = await invoke('appointments/cancel', { id: c.appointment.id, reason, expectedVersion: c.appointment.version });
      if (get().cancel?.appointment.id !== c.appointment.id) return;
      if (r.ok) {
        set({ cancel: null });
        announce(`Cancelled ${c.patientName}'s visit on ${describeSlot({ start: c.appointment.startAt, locationId: c.appointment.locationId, providerIds: [c.appointment.providerId] }, c.appointment.typeId)}.`);
        return;
      }
      set({ cancel: { ...c, busy: false, problem: problemOf(r.error) } });
    },

    closeCancel() {
      set({ cancel: null });
    },

    closeWhyNot() {
      set({ whyNot: null });
    },

    clearDone() {
      set({ done: null });
    },
  };
});

/** The patient open in the side panel, if any: a booking started from there is for them. */
function currentPatient(): ChosenPatient | null {
  const panel = usePatientSearch.getState().panel;
  return panel ? { id: panel.patient.id, name: fullName(panel.patient), dateOfBirth: panel.patient.dateOfBirth } : null;
}

const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** "Tue, Nov 25, 2025, 9:30 AM — Checkup with Dr. X" (in the location's zone). */
export function describeSlot(slot: { start: EpochMs; locationId: string; providerIds: readonly string[] }, typeId: string): string {
  const setup = useClinicSetup.getState().setup;
  const zone = zoneOf(slot.locationId);
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(slot.start));
  const type = setup?.appointmentTypes.find((t) => t.id === typeId)?.name ?? 'Visit';
  const who = slot.providerIds.map((id) => setup?.providers.find((p) => p.id === id)?.name ?? 'a provider').join(' and ');
  return `${when} — ${type} with ${who}`;
}

export { zoneOf };
