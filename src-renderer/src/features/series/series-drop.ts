import { create } from 'zustand';
import type { GridVisitDto } from '@shared/domain/calendar';
import type { EpochMs, ProviderId, RoomId } from '@shared/domain/ids';
import { followingVisits, type SeriesMoveCheckDto } from '@shared/domain/waitlist';
import { invoke } from '../../api';
import { currentSetup, currentTimeFormatter, locationById } from '../../stores/clinic-setup';
import { notifyError } from '../../stores/notices';
import { exceptionsOf, initialChoices, offerSeriesUndo, type MoveChoices } from '../booking';

/**
 * A card of a recurring series dropped somewhere else on the grid: before it
 * moves, the desk is asked, as for Reschedule, "This visit only" or "This and
 * the following (N visits)". The wider choice checks where each later visit
 * lands first; when all can go they move at once, otherwise the desk picks a
 * nearby time for (or leaves) the ones that cannot. One Undo puts them all back.
 */

/** Where the card was dropped. */
export interface DropTarget {
  startAt: EpochMs;
  providerId?: ProviderId;
  roomId?: RoomId;
}

type DroppedVisit = Pick<GridVisitDto, 'id' | 'inSeries' | 'startAt' | 'providerId' | 'roomId' | 'locationId' | 'patientGivenName' | 'patientFamilyName'>;

/** Asking the question, checking the later visits, showing the ones that cannot move, or moving them. */
type SeriesDropStatus = 'asking' | 'checking' | 'review' | 'saving';

export interface SeriesDropFlow {
  status: SeriesDropStatus;
  visit: DroppedVisit;
  target: DropTarget;
  /** How many visits "This and the following" moves (this one included). */
  reach: number;
  review: SeriesMoveCheckDto | null;
  choices: MoveChoices;
  problem: { code: string; message: string } | null;
}

interface SeriesDropState {
  flow: SeriesDropFlow | null;
  /** The one visit, as any dropped card moves; kept while the question is open. */
  moveThis: (() => Promise<unknown>) | null;
  thisOnly(): Promise<void>;
  following(): Promise<void>;
  chooseFor(appointmentId: string, startAt: EpochMs | null): void;
  confirm(): Promise<void>;
  close(): void;
}

const nameOf = (v: DroppedVisit): string => `${v.patientGivenName} ${v.patientFamilyName}`;

function whenOf(v: DroppedVisit, t: EpochMs): string {
  const zone = locationById(currentSetup(), v.locationId)?.zone ?? 'UTC';
  const tf = currentTimeFormatter();
  return `${tf.shortDateTime(zone, t)}${tf.zoneTag(zone, t)}`;
}

export const useSeriesDrop = create<SeriesDropState>()((set, get) => {
  const patch = (p: Partial<SeriesDropFlow>): void => {
    const flow = get().flow;
    if (flow) set({ flow: { ...flow, ...p } });
  };
  const moveInput = (flow: SeriesDropFlow) => ({
    appointmentId: flow.visit.id,
    scope: 'following' as const,
    startAt: flow.target.startAt,
    ...(flow.target.providerId && flow.target.providerId !== flow.visit.providerId ? { providerId: flow.target.providerId } : {}),
  });
  const save = async (flow: SeriesDropFlow, review: SeriesMoveCheckDto, choices: MoveChoices): Promise<void> => {
    patch({ status: 'saving', problem: null });
    const r = await invoke('series/move', { ...moveInput(flow), exceptions: exceptionsOf(review, choices) });
    if (get().flow !== null && get().flow?.visit.id !== flow.visit.id) return;
    if (r.ok) {
      get().close();
      offerSeriesUndo(
        r.data,
        r.data.length === 1
          ? `Moved ${nameOf(flow.visit)} to ${whenOf(flow.visit, flow.target.startAt)}.`
          : `Moved ${r.data.length} visits of ${nameOf(flow.visit)}'s series: the first to ${whenOf(flow.visit, flow.target.startAt)}.`,
      );
      return;
    }
    // Taken since the check: say which visit, and check again so the list is current.
    patch({ status: 'asking', review: null, problem: r.error });
    await get().following();
    patch({ problem: r.error });
  };

  return {
    flow: null,
    moveThis: null,

    async thisOnly() {
      const moveThis = get().moveThis;
      get().close();
      await moveThis?.();
    },

    async following() {
      const flow = get().flow;
      if (!flow || flow.status === 'checking' || flow.status === 'saving') return;
      patch({ status: 'checking', problem: null });
      const r = await invoke('series/check-move', moveInput(flow));
      if (get().flow?.visit.id !== flow.visit.id) return;
      if (!r.ok) {
        patch({ status: 'asking', problem: r.error });
        return;
      }
      const choices = initialChoices(r.data);
      if (r.data.visits.every((v) => v.free)) await save(flow, r.data, choices);
      else patch({ status: 'review', review: r.data, choices });
    },

    chooseFor(appointmentId, startAt) {
      const flow = get().flow;
      if (flow) patch({ choices: { ...flow.choices, [appointmentId]: startAt } });
    },

    async confirm() {
      const flow = get().flow;
      if (!flow?.review || flow.status !== 'review') return;
      await save(flow, flow.review, flow.choices);
    },

    close() {
      set({ flow: null, moveThis: null });
    },
  };
});

/**
 * The drop of a card: a visit of a series with later visits still to come asks
 * first; any other moves at once with `moveThis`. A drop into another room moves
 * the one visit only: a series moves by time and provider, each visit keeping
 * the room the guard gives it.
 */
export async function moveDroppedVisit(visit: DroppedVisit, target: DropTarget, moveThis: () => Promise<unknown>): Promise<void> {
  const sameProvider = !target.providerId || target.providerId === visit.providerId;
  const otherRoom = target.roomId !== undefined && target.roomId !== visit.roomId;
  if (!visit.inSeries || otherRoom || (target.startAt === visit.startAt && sameProvider)) {
    await moveThis();
    return;
  }
  const series = await invoke('series/get', { appointmentId: visit.id });
  if (!series.ok) {
    notifyError(series.error);
    return;
  }
  const reach = series.data ? followingVisits(series.data, visit.id).length : 0;
  if (reach <= 1) {
    await moveThis();
    return;
  }
  useSeriesDrop.setState({
    flow: { status: 'asking', visit, target, reach, review: null, choices: {}, problem: null },
    moveThis,
  });
}
