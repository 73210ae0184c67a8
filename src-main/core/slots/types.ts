import type {
  AppointmentId,
  AppointmentTypeId,
  BlockoutId,
  EpochMs,
  ProviderId,
  RoomId,
} from '@shared/domain/ids';
import type { Reason, Slot, SlotMethod } from '@shared/domain/slots';
import type { HoursInput, LocationHours } from './hours';
import type { Interval } from './interval';

export type { Reason, Slot, SlotMethod };

/** An existing appointment as the booking guard sees it. */
export interface BookedSpan {
  id: AppointmentId;
  /** Busy span: [visit start − its buffer before, visit end + its buffer after). Overlap checks use this. */
  start: EpochMs;
  end: EpochMs;
  /** The visit itself, when known; explain() uses it to tell a buffer clash from a visit clash. */
  visit?: Interval;
}

export interface BlockoutSpan {
  id: BlockoutId;
  start: EpochMs;
  end: EpochMs;
}

/** Busy time from the provider's own calendar: time only, no details. */
export interface ExternalBusySpan {
  id?: string;
  start: EpochMs;
  end: EpochMs;
}

/** Everything about one provider's time that decides what is bookable. Lists left out are empty. */
export interface ProviderAgenda {
  id: ProviderId;
  /** Opening hours at the query's location, in that location's zone. */
  hours: HoursInput;
  blockouts?: readonly BlockoutSpan[];
  appointments?: readonly BookedSpan[];
  externalBusy?: readonly ExternalBusySpan[];
}

/** An eligible room for the type, with what already occupies it. Lists left out are empty. */
export interface RoomAgenda {
  id: RoomId;
  /** Rooms are tried by name, then id, as the booking guard does (without names: by id). */
  name?: string;
  blockouts?: readonly BlockoutSpan[];
  appointments?: readonly BookedSpan[];
}

/** What a slot search needs to know about the appointment type. */
interface SlotAppointmentType {
  id?: AppointmentTypeId;
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  needsRoom: boolean;
}

export interface SlotQuery {
  /**
   * Slots whose start lies in [start, end) are listed. Without an end the
   * search runs to the horizon (a query needs one or the other).
   */
  window: { start: EpochMs; end?: EpochMs };
  type: SlotAppointmentType;
  /** An explicit duration instead of the type's (minutes). */
  durationMin?: number;
  /** How often a slot may start, in local wall minutes from the written opening time (default 15). */
  intervalMin?: number;
  /** Round each written opening time up to a multiple of this many wall minutes after local midnight. */
  roundToMin?: number;
  /** Minimum booking notice in minutes (default 0). Negative allows a start that far in the past (the guard's grace). */
  minNoticeMin?: number;
  /**
   * Booking horizon in whole local calendar days: starts must lie before the
   * end of the local day `horizonDays` after today (0 = today only), in the
   * location's zone (the first provider's hours zone). Null or absent: no limit.
   */
  horizonDays?: number | null;
  /** From the injected clock. */
  now: EpochMs;
  method: SlotMethod;
  /**
   * Only with method "any": each slot also lists everyone free then
   * (Slot.free) — every provider, fairest first, and every eligible room.
   */
  allFree?: boolean;
  /** single: exactly one; collective and any: one or more. */
  providers: readonly ProviderAgenda[];
  /**
   * The rooms able to host the type (as the guard sees it: active rooms of the
   * location, the type's own ones when it lists any); used only when the type
   * needs a room. Default none.
   */
  rooms?: readonly RoomAgenda[];
}

/** A provider agenda with every list present (the engine's working form). */
export interface FullAgenda {
  id: ProviderId;
  hours: LocationHours;
  blockouts: readonly BlockoutSpan[];
  appointments: readonly BookedSpan[];
  externalBusy: readonly ExternalBusySpan[];
}

/** A room agenda with every list present. */
export interface FullRoom {
  id: RoomId;
  name?: string;
  blockouts: readonly BlockoutSpan[];
  appointments: readonly BookedSpan[];
}

/** A query with its defaults filled in (inputs are shared, never copied or changed). */
export interface FullQuery extends Omit<SlotQuery, 'window' | 'providers' | 'rooms'> {
  window: { start: EpochMs; end: EpochMs };
  providers: readonly FullAgenda[];
  rooms: readonly FullRoom[];
}

const NONE: readonly never[] = [];

function fullAgenda(p: ProviderAgenda): FullAgenda {
  if (p.blockouts && p.appointments && p.externalBusy && p.hours.overrides) return p as FullAgenda;
  return {
    id: p.id,
    hours: p.hours.overrides ? (p.hours as LocationHours) : { ...p.hours, overrides: NONE },
    blockouts: p.blockouts ?? NONE,
    appointments: p.appointments ?? NONE,
    externalBusy: p.externalBusy ?? NONE,
  };
}

function fullRoom(r: RoomAgenda): FullRoom {
  if (r.blockouts && r.appointments) return r as FullRoom;
  return { ...r, blockouts: r.blockouts ?? NONE, appointments: r.appointments ?? NONE };
}

/** The query with empty lists for the ones left out, and an open-ended window as ending at Infinity. */
export function fullQuery(q: SlotQuery): FullQuery {
  return {
    ...q,
    window: { start: q.window.start, end: q.window.end ?? Infinity },
    providers: q.providers.map(fullAgenda),
    rooms: (q.rooms ?? NONE).map(fullRoom),
  };
}
