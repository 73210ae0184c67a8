import { create } from 'zustand';
import type { AppointmentDto } from '@shared/domain/booking';
import type { GridVisitDto } from '@shared/domain/calendar';
import type { AppointmentId, LocationId, ProviderId, RoomId } from '@shared/domain/ids';
import type { ClinicSetupDto } from '@shared/domain/setup';
import type { CalendarRangeInput } from '@shared/schemas/calendar';
import { unpackCalendarRange } from '@shared/ipc/calendar-range-wire';
import { invoke, liveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { clinicSetup, currentSetup, ensureClinicSetup } from '../../stores/clinic-setup';
import { useDay } from '../../stores/day';
import { notifyError } from '../../stores/notices';
import { spanOfDates } from './grid-clocks';
import { useUndo } from '../../stores/undo';
import { movedMessage, statusMessage } from './change-words';
import { datesOf, type GridAxis, type GridMode, type PendingMove } from './layout';

/**
 * The calendar grid: view options, the selected visit and moves under way in a
 * store; the shown range and the selected visit's details in live queries.
 * Components read them; only this module calls the api client.
 */
type MainView = 'grid' | 'reminders';
export type Resolution = 5 | 10 | 15;
export type StatusAction = 'confirm' | 'check-in' | 'complete' | 'mark-no-show';

interface MoveTarget {
  startAt: number;
  providerId?: ProviderId;
  roomId?: RoomId;
}

export interface VisitDetails {
  id: AppointmentId;
  version: number;
  note: string;
  cancelReason: string | null;
}

/** The day and view the range read answers: what the day grid or the week board draws. */
interface ShownRange {
  date: string;
  mode: GridMode;
}

interface GridState {
  /** The day (or the first day of the week) shown; follows the day store. */
  date: string | null;
  /**
   * What the schedule draws: it moves to the day (or week) asked for once the range read
   * covering it has landed, so a new day is never laid out with the last day's visits (its
   * columns would drop out and come back). Null until the first read lands.
   */
  shown: ShownRange | null;
  view: MainView;
  mode: GridMode;
  axis: GridAxis;
  resolution: Resolution;
  locationId: LocationId | null;
  hiddenProviderIds: ReadonlySet<ProviderId>;
  /** The provider whose row the week board scrolls to once it shows (a column heading's "show the week"). */
  weekProviderId: ProviderId | null;
  selectedId: AppointmentId | null;
  pendingMoves: ReadonlyMap<string, PendingMove>;

  connect(): () => void;
  load(date: string): Promise<void>;
  setView(view: MainView): void;
  setMode(mode: GridMode): void;
  setAxis(axis: GridAxis): void;
  setResolution(resolution: Resolution): void;
  setLocation(locationId: LocationId | null): void;
  toggleProvider(providerId: ProviderId): void;
  showAllProviders(): void;
  showWeekOf(providerId: ProviderId): void;
  select(id: AppointmentId | null): void;
  changeStatus(action: StatusAction, id: AppointmentId): Promise<boolean>;
  cancel(id: AppointmentId, reason: string): Promise<boolean>;
  move(id: AppointmentId, target: MoveTarget): Promise<boolean>;
}

/** The zone the grid draws in: the chosen location's, else the clinic's. */
export const gridZone = (locationId: LocationId | null, setup: ClinicSetupDto | null = currentSetup()): string =>
  setup?.locations.find((l) => l.id === locationId)?.zone ?? useAppStatus.getState().status?.clinic?.zone ?? 'UTC';

/**
 * The shown range's visits, blockouts, open hours and reminder states: read again
 * when a visit, a reminder, a patient (names, alert marks) or the set-up changes.
 */
export const gridRange = liveQuery('calendar/get-range', {
  map: unpackCalendarRange,
  refreshOn: { 'appointments/changed': true, 'reminders/changed': true, 'clinic/changed': true, 'patients/changed': true },
  onError: notifyError,
});

/** The selected visit's private note and cancellation reason, read for it alone (the range leaves them out). */
export const selectedVisit = liveQuery('appointments/get', {
  refreshOn: { 'appointments/changed': (e, input) => e.appointmentIds.some((id) => id === input.id) },
  map: (a: AppointmentDto): VisitDetails => ({ id: a.id, version: a.version, note: a.note, cancelReason: a.cancelReason }),
  onError: notifyError,
});

/** The range read a view of `date` needs. */
function rangeInput(date: string, mode: GridMode, locationId: LocationId | null, setup: ClinicSetupDto): CalendarRangeInput {
  const dates = datesOf(mode, date);
  // Each location's columns show the dates on its own clock: read from the earliest midnight to the latest.
  const zones = locationId ? [gridZone(locationId, setup)] : [gridZone(null, setup), ...setup.locations.map((l) => l.zone)];
  return { ...spanOfDates(zones, dates[0]!, dates[dates.length - 1]!), ...(locationId ? { locationId } : {}) };
}

/** Whether an answered read holds everything `need` asks for (a week's read holds each of its days). */
const covers = (have: CalendarRangeInput, need: CalendarRangeInput): boolean =>
  have.from <= need.from && have.to >= need.to && (have.locationId === undefined || have.locationId === need.locationId) && !have.providerIds;

export const useGrid = create<GridState>()((set, get) => {
  /** Asks for the range the grid shows now; the same range again reads nothing. */
  const showRange = async (): Promise<void> => {
    const { date, mode, locationId } = get();
    if (!date) return;
    const setup = await ensureClinicSetup();
    if (!setup) return;
    await gridRange.setInput(rangeInput(date, mode, locationId, setup));
  };

  /** Moves what is drawn to the day and view asked for, once the landed read covers them. */
  const followAnswer = (): void => {
    const { date, mode, locationId, shown } = get();
    const have = gridRange.getState().dataInput;
    const setup = currentSetup();
    if (!date || !have || !setup || (shown?.date === date && shown.mode === mode)) return;
    if (covers(have, rangeInput(date, mode, locationId, setup))) set({ shown: { date, mode } });
  };

  const findAppointment = (id: AppointmentId): GridVisitDto | undefined =>
    gridRange.getState().data?.appointments.find((a) => a.id === id);

  return {
    date: null,
    shown: null,
    view: 'grid',
    mode: 'day',
    axis: 'providers',
    resolution: 15,
    locationId: null,
    hiddenProviderIds: new Set(),
    weekProviderId: null,
    selectedId: null,
    pendingMoves: new Map(),

    connect() {
      const offs = [
        gridRange.follow(),
        gridRange.store.subscribe((s, prev) => {
          if (s.dataInput !== prev.dataInput) followAnswer();
        }),
        // A location's zone changed: the same day is another range of instants.
        clinicSetup.store.subscribe(() => void showRange()),
        // The range is asked for in the same task as the key press or click that changed the day,
        // not after React has rendered and painted the change: the read overlaps that render.
        useDay.subscribe((s, prev) => {
          if (s.day && s.day !== prev.day) void get().load(s.day);
        }),
      ];
      const day = useDay.getState().day;
      if (day) void get().load(day);
      return () => offs.forEach((off) => off());
    },

    async load(date) {
      set({ date });
      followAnswer();
      await showRange();
    },

    setView: (view) => set({ view }),
    setMode(mode) {
      set({ mode, view: 'grid' });
      followAnswer();
      void showRange();
    },
    setAxis: (axis) => set({ axis, mode: 'day', view: 'grid' }),
    setResolution: (resolution) => set({ resolution }),
    setLocation(locationId) {
      set({ locationId });
      followAnswer();
      void showRange();
    },
    toggleProvider(providerId) {
      const hidden = new Set(get().hiddenProviderIds);
      if (hidden.has(providerId)) hidden.delete(providerId);
      else hidden.add(providerId);
      set({ hiddenProviderIds: hidden });
    },
    showAllProviders: () => set({ hiddenProviderIds: new Set() }),
    showWeekOf(providerId) {
      set({ weekProviderId: providerId });
      get().setMode('week');
    },
    select(selectedId) {
      set({ selectedId });
      void selectedVisit.setInput(selectedId ? { id: selectedId } : null);
    },

    async changeStatus(action, id) {
      const a = findAppointment(id);
      if (!a) return false;
      const r = await invoke(`appointments/${action}`, { id, expectedVersion: a.version });
      if (!r.ok) {
        notifyError(r.error);
        gridRange.refresh();
        return false;
      }
      patchAppointment(r.data);
      useUndo.getState().offerUndo({ appointmentId: id, version: r.data.version, message: statusMessage(action, a) });
      return true;
    },

    async cancel(id, reason) {
      const a = findAppointment(id);
      if (!a) return false;
      const r = await invoke('appointments/cancel', { id, reason, expectedVersion: a.version });
      if (!r.ok) {
        notifyError(r.error);
        return false;
      }
      patchAppointment(r.data);
      useUndo.getState().offerUndo({ appointmentId: id, version: r.data.version, message: statusMessage('cancel', a) });
      return true;
    },

    async move(id, target) {
      const a = findAppointment(id);
      if (!a) return false;
      const providerId = target.providerId ?? a.providerId;
      const roomId = target.roomId ?? a.roomId;
      if (target.startAt === a.startAt && providerId === a.providerId && roomId === a.roomId) return false;
      const moves = new Map(get().pendingMoves);
      moves.set(id, { startAt: target.startAt, endAt: target.startAt + (a.endAt - a.startAt), providerId, roomId });
      set({ pendingMoves: moves });
      const r = await invoke('appointments/reschedule', {
        id,
        startAt: target.startAt,
        expectedVersion: a.version,
        ...(target.providerId && target.providerId !== a.providerId ? { providerId: target.providerId } : {}),
        ...(target.roomId && target.roomId !== a.roomId ? { roomId: target.roomId } : {}),
      });
      if (r.ok) {
        patchAppointment(r.data);
        useUndo.getState().offerUndo({ appointmentId: id, version: r.data.version, message: movedMessage(a, r.data) });
      }
      const after = new Map(get().pendingMoves);
      after.delete(id);
      // On failure the card snaps back to where it was; the message says why.
      set({ pendingMoves: after });
      if (!r.ok) notifyError(r.error);
      return r.ok;
    },
  };

  /** Applies a changed visit at once; the push event's refresh follows with names and reminders. */
  function patchAppointment(next: AppointmentDto): void {
    // The grid keeps what it draws; the note and reason go to the panel's details only.
    const { note, cancelReason, createdAt: _c, updatedAt: _u, ...visit } = next;
    gridRange.patch((data) => ({ ...data, appointments: data.appointments.map((x) => (x.id === next.id ? { ...x, ...visit } : x)) }));
    if (selectedVisit.getState().data?.id === next.id) selectedVisit.patch(() => ({ id: next.id, version: next.version, note, cancelReason }));
  }
});
