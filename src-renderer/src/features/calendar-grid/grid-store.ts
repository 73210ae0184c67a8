import { create } from 'zustand';
import type { AppointmentDto } from '../../../../src-shared/domain/booking';
import type { CalendarRangeDto, GridVisitDto } from '../../../../src-shared/domain/calendar';
import type { AppErrorShape } from '../../../../src-shared/domain/errors';
import type { AppointmentId, LocationId, ProviderId, RoomId } from '../../../../src-shared/domain/ids';
import type { ClinicSetupDto } from '../../../../src-shared/domain/setup';
import { invoke, onEvent } from '../../api';
import { addDays } from '../../lib/local-date';
import { useAppStatus } from '../../stores/app-status';
import { useDay } from '../../stores/day';
import { notifyError } from '../../stores/notices';
import { datesOf, type GridAxis, type GridMode, type PendingMove } from './layout';
import { instantOfWall } from './zone-time';

/**
 * The calendar grid's state (DESIGN.md habit 10): clinic set-up, the shown
 * range's data, view options and the selected visit. Components read it;
 * only this store calls the api client. It refreshes on push events.
 */
export type MainView = 'grid' | 'reminders';
export type Resolution = 5 | 10 | 15;
export type StatusAction = 'confirm' | 'check-in' | 'complete' | 'mark-no-show';

interface RangeKey {
  date: string;
  mode: GridMode;
  zone: string;
  locationId: LocationId | null;
}

export interface MoveTarget {
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

interface GridState {
  setup: ClinicSetupDto | null;
  data: CalendarRangeDto | null;
  /** The key `data` was read for; a different key means a read is due. */
  dataKey: string | null;
  loading: boolean;
  error: AppErrorShape | null;
  /** Increments when a read for the current key lands: the benchmark and tests wait on it. */
  renderSeq: number;

  view: MainView;
  mode: GridMode;
  axis: GridAxis;
  resolution: Resolution;
  locationId: LocationId | null;
  hiddenProviderIds: ReadonlySet<ProviderId>;
  weekProviderId: ProviderId | null;
  selectedId: AppointmentId | null;
  /** The selected visit's private note and cancellation reason, read for it alone (the range leaves them out). */
  details: VisitDetails | null;
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
  /** Reads the note and cancellation reason of one visit for the panel. */
  loadDetails(id: AppointmentId): Promise<void>;
  changeStatus(action: StatusAction, id: AppointmentId): Promise<boolean>;
  cancel(id: AppointmentId, reason: string): Promise<boolean>;
  move(id: AppointmentId, target: MoveTarget): Promise<boolean>;
}

export const gridZone = (s: Pick<GridState, 'setup' | 'locationId'>): string =>
  s.setup?.locations.find((l) => l.id === s.locationId)?.zone ?? useAppStatus.getState().status?.clinic?.zone ?? 'UTC';

const keyOf = (k: RangeKey): string => `${k.mode}|${k.date}|${k.zone}|${k.locationId ?? '*'}`;

let lastDate: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let inflightKey: string | null = null;

export const useGrid = create<GridState>()((set, get) => {
  const rangeFor = (date: string) => {
    const s = get();
    const zone = gridZone(s);
    const dates = datesOf(s.mode, date);
    const key: RangeKey = { date: dates[0]!, mode: s.mode, zone, locationId: s.locationId };
    return {
      key: keyOf(key),
      from: instantOfWall(zone, dates[0]!, 0),
      to: instantOfWall(zone, addDays(dates[dates.length - 1]!, 1), 0),
    };
  };

  const loadSetup = async (): Promise<void> => {
    const r = await invoke('clinic/get-setup', {});
    if (r.ok) set({ setup: r.data });
    else notifyError(r.error);
  };

  const fetchRange = async (date: string, force: boolean): Promise<void> => {
    if (!get().setup) await loadSetup();
    if (!get().setup) return;
    const { key, from, to } = rangeFor(date);
    if (!force && (key === get().dataKey || key === inflightKey)) return;
    inflightKey = key;
    set({ loading: true });
    const locationId = get().locationId;
    const r = await invoke('calendar/get-range', { from, to, ...(locationId ? { locationId } : {}) });
    if (inflightKey === key) inflightKey = null;
    // A newer request (another day) may have started meanwhile: keep only the current one's answer.
    if (rangeFor(lastDate ?? date).key !== key) return;
    if (r.ok) set((s) => ({ data: r.data, dataKey: key, loading: false, error: null, renderSeq: s.renderSeq + 1 }));
    else {
      set({ loading: false, error: r.error });
      notifyError(r.error);
    }
  };

  const refreshSoon = (): void => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (lastDate) void fetchRange(lastDate, true);
    }, 50);
  };

  const findAppointment = (id: AppointmentId): GridVisitDto | undefined =>
    get().data?.appointments.find((a) => a.id === id);

  return {
    setup: null,
    data: null,
    dataKey: null,
    loading: false,
    error: null,
    renderSeq: 0,
    view: 'grid',
    mode: 'day',
    axis: 'providers',
    resolution: 15,
    locationId: null,
    hiddenProviderIds: new Set(),
    weekProviderId: null,
    selectedId: null,
    details: null,
    pendingMoves: new Map(),

    connect() {
      // Set-up may have changed while the grid was not shown (the Set-up section): read it again.
      if (get().setup) void loadSetup().then(refreshSoon);
      const offs = [
        onEvent('appointments/changed', refreshSoon),
        onEvent('reminders/changed', refreshSoon),
        onEvent('clinic/changed', () => {
          void loadSetup().then(refreshSoon);
        }),
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
      lastDate = date;
      await fetchRange(date, false);
    },

    setView: (view) => set({ view }),
    setMode(mode) {
      const s = get();
      const weekProviderId =
        s.weekProviderId ?? s.setup?.providers.find((p) => p.active && !s.hiddenProviderIds.has(p.id))?.id ?? null;
      set({ mode, weekProviderId, view: 'grid' });
      if (lastDate) void fetchRange(lastDate, false);
    },
    setAxis: (axis) => set({ axis, mode: 'day', view: 'grid' }),
    setResolution: (resolution) => set({ resolution }),
    setLocation(locationId) {
      set({ locationId });
      if (lastDate) void fetchRange(lastDate, false);
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
    select: (selectedId) => set({ selectedId }),
    async loadDetails(id) {
      const r = await invoke('appointments/get', { id });
      if (!r.ok) return notifyError(r.error);
      if (get().selectedId === id) set({ details: { id, version: r.data.version, note: r.data.note, cancelReason: r.data.cancelReason } });
    },

    async changeStatus(action, id) {
      const a = findAppointment(id);
      if (!a) return false;
      const r = await invoke(`appointments/${action}`, { id, expectedVersion: a.version });
      if (!r.ok) {
        notifyError(r.error);
        refreshSoon();
        return false;
      }
      patchAppointment(r.data);
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
      if (r.ok) patchAppointment(r.data);
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
    const data = get().data;
    if (!data) return;
    // The grid keeps what it draws; the note and reason go to the panel's details only.
    const { note, cancelReason, createdAt: _c, updatedAt: _u, busyStartAt: _bs, busyEndAt: _be, ...visit } = next;
    set({
      data: { ...data, appointments: data.appointments.map((x) => (x.id === next.id ? { ...x, ...visit } : x)) },
      ...(get().details?.id === next.id ? { details: { id: next.id, version: next.version, note, cancelReason } } : {}),
    });
  }
});
