import { create } from 'zustand';
import type { SlotOffer, TimeExplanation } from '@shared/domain/availability';
import type { AppointmentDto } from '@shared/domain/booking';
import type { EpochMs, ProviderId } from '@shared/domain/ids';
import type { SeriesDto, SeriesMoveCheckDto } from '@shared/domain/waitlist';
import { invoke } from '../../api';
import { currentSetup, ensureClinicSetup } from '../../stores/clinic-setup';
import { notifyError } from '../../stores/notices';
import { useUndo } from '../../stores/undo';
import {
  ANY,
  defaultCriteria,
  describeSlot,
  FRESH_TIMES,
  fullName,
  maxDate,
  problemOf,
  slotSearchInput,
  TIME_GONE,
  today,
  typesFor,
  dialogReads,
  unlessClosed,
  whenOf,
  zoneOf,
  type Criteria,
  type Problem,
} from './booking-shared';
import { localDateIn } from '@shared/time';
import { exceptionsOf, followingOf, initialChoices, loadSeries, offerSeriesUndo, type MoveChoices, type SeriesScope } from './series-change';

/**
 * The dialogs about one visit: move it (reschedule), cancel it, and "why
 * not" for a time on the grid. Each is a small state machine with one status;
 * closing a dialog abandons its reads.
 */

interface LoadedVisit {
  appointment: AppointmentDto;
  patientName: string;
  /** The visit's recurring series (null outside one): the dialog then asks "this visit only" or "this and the following". */
  series: SeriesDto | null;
  scope: SeriesScope;
}

async function loadVisit(id: string, signal: AbortSignal, scope: SeriesScope = 'this'): Promise<LoadedVisit | null> {
  const a = await unlessClosed(signal, async (s) => (await Promise.all([invoke('appointments/get', { id }, { signal: s }), ensureClinicSetup()]))[0]);
  if (!a) return null;
  if (!a.ok) {
    notifyError(a.error);
    return null;
  }
  const [p, series] = await Promise.all([
    unlessClosed(signal, (s) => invoke('patients/get', { id: a.data.patientId }, { signal: s })),
    loadSeries(a.data.id, signal),
  ]);
  if (!p || series === undefined) return null;
  // "This and the following" only where there are following visits to change.
  const following = scope === 'following' && followingOf(series, a.data.id).length > 0;
  return { appointment: a.data, patientName: p.ok ? fullName(p.data) : 'this patient', series, scope: following ? 'following' : 'this' };
}

// ── Reschedule ──────────────────────────────────────────────────────────────

/** Reading free times, waiting for a choice, checking a series move, or moving the visit(s). */
type RescheduleStatus = 'searching' | 'idle' | 'checking' | 'saving';

export interface RescheduleFlow extends LoadedVisit {
  status: RescheduleStatus;
  criteria: Criteria;
  /** With "any provider": the visit's own provider's times first, then everyone else's who does the type. */
  slots: SlotOffer[] | null;
  /** How many of `slots` (from the start) are with the visit's own provider; 0 for a search of one chosen provider. */
  ownCount: number;
  chosen: SlotOffer | null;
  problem: Problem | null;
  /** "This and the following": where each visit goes, checked before the move. */
  review: SeriesMoveCheckDto | null;
  choices: MoveChoices;
}

interface RescheduleState {
  flow: RescheduleFlow | null;
  open(appointmentId: string, scope?: SeriesScope): Promise<void>;
  setCriteria(patch: Partial<Criteria>): void;
  findTimes(): Promise<void>;
  choose(slot: SlotOffer | null): void;
  setScope(scope: SeriesScope): void;
  /** A later visit of a checked move: another time, or null to leave it where it is. */
  chooseFor(appointmentId: string, startAt: EpochMs | null): void;
  /** Back from the checked move to the free times. */
  backToTimes(): void;
  confirm(): Promise<void>;
  close(): void;
}

const RESCHEDULE_COUNT = 24;

export const useReschedule = create<RescheduleState>()((set, get) => {
  const open = dialogReads();
  const patch = (p: Partial<RescheduleFlow>): void => {
    const flow = get().flow;
    if (flow) set({ flow: { ...flow, ...p } });
  };

  /** "This and the following": check where each visit goes first, then move them all with the desk's choices. */
  const moveFollowing = async (flow: RescheduleFlow): Promise<void> => {
    const slot = flow.chosen!;
    const signal = open.signal;
    const a = flow.appointment;
    const move = {
      appointmentId: a.id,
      scope: 'following' as const,
      startAt: slot.start,
      ...(slot.providerIds[0] && slot.providerIds[0] !== a.providerId ? { providerId: slot.providerIds[0] } : {}),
      ...(slot.locationId !== a.locationId ? { locationId: slot.locationId } : {}),
    };
    if (!flow.review) {
      patch({ status: 'checking', problem: null });
      const r = await unlessClosed(signal, (s) => invoke('series/check-move', move, { signal: s }));
      if (!r) return;
      if (r.ok) patch({ status: 'idle', review: r.data, choices: initialChoices(r.data) });
      else {
        patch({ status: 'idle', chosen: null, problem: problemOf(r.error) });
        if (TIME_GONE.includes(r.error.code)) await get().findTimes();
      }
      return;
    }
    patch({ status: 'saving', problem: null });
    const r = await invoke('series/move', { ...move, exceptions: exceptionsOf(flow.review, flow.choices) });
    if (signal.aborted) return;
    if (r.ok) {
      get().close();
      offerSeriesUndo(
        r.data,
        r.data.length === 1
          ? `Moved ${flow.patientName}'s visit to ${describeSlot(slot, a.typeId)}.`
          : `Moved ${r.data.length} visits of ${flow.patientName}'s series: the first to ${describeSlot(slot, a.typeId)}.`,
      );
      return;
    }
    // Taken since the check: say which visit and check the move again, so the list is current.
    const problem = problemOf(r.error);
    patch({ status: 'idle', review: null, problem });
    await moveFollowing({ ...flow, review: null });
    patch({ problem });
  };

  return {
    flow: null,

    async open(appointmentId, scope) {
      const loaded = await loadVisit(appointmentId, open.renew(), scope);
      if (!loaded) return;
      const { appointment } = loaded;
      set({
        flow: {
          ...loaded,
          status: 'idle',
          criteria: defaultCriteria({
            typeId: appointment.typeId,
            providerId: ANY,
            locationId: appointment.locationId,
            fromDate: maxDate(today(), localDateIn(zoneOf(appointment.locationId), appointment.startAt)),
          }),
          slots: null,
          ownCount: 0,
          chosen: null,
          problem: null,
          review: null,
          choices: {},
        },
      });
      await get().findTimes();
    },

    setCriteria(p) {
      const flow = get().flow;
      if (flow) patch({ criteria: { ...flow.criteria, ...p }, slots: null, chosen: null, review: null });
    },

    async findTimes() {
      const flow = get().flow;
      if (!flow) return;
      patch({ status: 'searching' });
      const own = flow.appointment.providerId;
      const type = typesFor(ANY).find((t) => t.id === flow.criteria.typeId);
      const others = (type?.providerIds ?? []).filter((id) => id !== own && currentSetup()?.providers.some((p) => p.id === id && p.active));
      // "Any provider" lists the visit's own provider's times first, then everyone else's who does the type.
      const split = flow.criteria.providerId === ANY && type?.providerIds.includes(own) === true;
      const search = (criteria: Criteria, who?: { kind: 'any'; providerIds: ProviderId[] }) => {
        const input = { ...slotSearchInput(criteria, RESCHEDULE_COUNT), ...(who ? { who } : {}) };
        return unlessClosed(open.signal, (signal) => invoke('slots/next-available', input, { signal }));
      };
      const [mine, rest] = await Promise.all([
        split ? search({ ...flow.criteria, providerId: own }) : search(flow.criteria),
        split && others.length > 0 ? search(flow.criteria, { kind: 'any', providerIds: others }) : null,
      ]);
      if (!mine || (split && others.length > 0 && !rest)) return;
      const failed = !mine.ok ? mine.error : rest && !rest.ok ? rest.error : null;
      if (failed) patch({ status: 'idle', problem: problemOf(failed) });
      else {
        const ownSlots = mine.ok ? mine.data.slots : [];
        const otherSlots = rest?.ok ? rest.data.slots : [];
        patch({ status: 'idle', slots: [...ownSlots, ...otherSlots], ownCount: split ? ownSlots.length : 0 });
      }
    },

    choose(slot) {
      patch({ chosen: slot, problem: null, review: null });
    },

    setScope(scope) {
      patch({ scope, review: null, problem: null });
    },

    chooseFor(appointmentId, startAt) {
      const flow = get().flow;
      if (flow) patch({ choices: { ...flow.choices, [appointmentId]: startAt } });
    },

    backToTimes() {
      patch({ review: null, problem: null });
    },

    async confirm() {
      const flow = get().flow;
      if (!flow?.chosen || flow.status === 'saving' || flow.status === 'checking') return;
      if (flow.scope === 'following') {
        await moveFollowing(flow);
        return;
      }
      const slot = flow.chosen;
      const signal = open.signal;
      patch({ status: 'saving', problem: null });
      const res = await invoke('appointments/reschedule', {
        id: flow.appointment.id,
        startAt: slot.start,
        providerId: slot.providerIds[0]!,
        locationId: slot.locationId,
        ...(slot.roomId ? { roomId: slot.roomId } : {}),
        expectedVersion: flow.appointment.version,
      });
      if (signal.aborted) return;
      if (res.ok) {
        get().close();
        useUndo.getState().offerUndo({
          appointmentId: res.data.id,
          version: res.data.version,
          message: `Moved ${flow.patientName}'s visit to ${describeSlot(slot, flow.appointment.typeId)}.`,
        });
        return;
      }
      if (res.error.code === 'CONFLICT') {
        // Changed at another desk or window: continue from its current version.
        const fresh = await unlessClosed(signal, (s) => invoke('appointments/get', { id: flow.appointment.id }, { signal: s }));
        if (fresh?.ok) patch({ appointment: fresh.data });
      }
      const problem = problemOf(res.error);
      if (TIME_GONE.includes(res.error.code)) problem.message += FRESH_TIMES;
      patch({ status: 'idle', chosen: null, problem });
      await get().findTimes();
      patch({ problem });
    },

    close() {
      open.abandon();
      set({ flow: null });
    },
  };
});

// ── Cancel ──────────────────────────────────────────────────────────────────

export interface CancelFlow extends LoadedVisit {
  status: 'idle' | 'saving';
  problem: Problem | null;
}

interface CancelState {
  flow: CancelFlow | null;
  open(appointmentId: string, scope?: SeriesScope): Promise<void>;
  setScope(scope: SeriesScope): void;
  confirm(reason: string): Promise<void>;
  close(): void;
}

export const useCancel = create<CancelState>()((set, get) => {
  const open = dialogReads();
  return {
    flow: null,

    async open(appointmentId, scope) {
      const loaded = await loadVisit(appointmentId, open.renew(), scope);
      if (loaded) set({ flow: { ...loaded, status: 'idle', problem: null } });
    },

    setScope(scope) {
      const flow = get().flow;
      if (flow) set({ flow: { ...flow, scope, problem: null } });
    },

    async confirm(reason) {
      const flow = get().flow;
      if (!flow || flow.status === 'saving') return;
      const signal = open.signal;
      set({ flow: { ...flow, status: 'saving', problem: null } });
      const { appointment } = flow;
      if (flow.scope === 'following') {
        const all = await invoke('series/cancel', { appointmentId: appointment.id, scope: 'following', reason });
        if (signal.aborted) return;
        if (!all.ok) {
          set({ flow: { ...flow, status: 'idle', problem: problemOf(all.error) } });
          return;
        }
        get().close();
        const n = all.data.length;
        offerSeriesUndo(
          all.data,
          n === 1
            ? `Cancelled ${flow.patientName}'s visit on ${whenOf(appointment)}.`
            : `Cancelled ${n} visits of ${flow.patientName}'s series: ${whenOf(appointment)} and the ${n - 1} after it.`,
        );
        return;
      }
      const r = await invoke('appointments/cancel', { id: appointment.id, reason, expectedVersion: appointment.version });
      if (signal.aborted) return;
      if (r.ok) {
        get().close();
        const slot = { start: appointment.startAt, locationId: appointment.locationId, providerIds: [appointment.providerId] };
        useUndo.getState().offerUndo({
          appointmentId: r.data.id,
          version: r.data.version,
          message: `Cancelled ${flow.patientName}'s visit on ${describeSlot(slot, appointment.typeId)}.`,
        });
        return;
      }
      set({ flow: { ...flow, status: 'idle', problem: problemOf(r.error) } });
    },

    close() {
      open.abandon();
      set({ flow: null });
    },
  };
});

// ── Why not ─────────────────────────────────────────────────────────────────

interface WhyNotRequest {
  providerId: string;
  start: EpochMs;
  /** Omitted (the grid does not know it): the provider's first type, changeable in the panel. */
  typeId?: string;
  locationId?: string;
}

export type WhyNotFlow = { request: WhyNotRequest & { typeId: string } } & (
  | { status: 'explaining' }
  | { status: 'explained'; explanation: TimeExplanation }
  | { status: 'refused'; problem: Problem }
);

interface WhyNotState {
  flow: WhyNotFlow | null;
  explain(request: WhyNotRequest): Promise<void>;
  close(): void;
}

export const useWhyNot = create<WhyNotState>()((set) => {
  const open = dialogReads();
  return {
    flow: null,

    async explain(asked) {
      const signal = open.renew();
      await ensureClinicSetup();
      if (signal.aborted) return;
      const request = { ...asked, typeId: asked.typeId ?? typesFor(asked.providerId)[0]?.id ?? '' };
      set({ flow: { request, status: 'explaining' } });
      const r = await unlessClosed(signal, (s) =>
        invoke(
          'slots/explain',
          {
            providerId: request.providerId,
            typeId: request.typeId,
            start: request.start,
            ...(request.locationId ? { locationId: request.locationId } : {}),
          },
          { signal: s },
        ),
      );
      if (!r) return;
      set({ flow: r.ok ? { request, status: 'explained', explanation: r.data } : { request, status: 'refused', problem: problemOf(r.error) } });
    },

    close() {
      open.abandon();
      set({ flow: null });
    },
  };
});
