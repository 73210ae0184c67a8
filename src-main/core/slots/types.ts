import type {
  AppointmentId,
  AppointmentTypeId,
  BlockoutId,
  EpochMs,
  ProviderId,
  RoomId,
} from '../../../src-shared/domain/ids';
import type { Reason, Slot, SlotMethod } from '../../../src-shared/domain/slots';
import type { LocationHours } from './hours';
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

/** Everything about one provider's time that decides what is bookable. */
export interface ProviderAgenda {
  id: ProviderId;
  /** Opening hours at the query's location, in that location's zone. */
  hours: LocationHours;
  blockouts: readonly BlockoutSpan[];
  appointments: readonly BookedSpan[];
  externalBusy: readonly ExternalBusySpan[];
}

/** An eligible room for the type, with what already occupies it. */
export interface RoomAgenda {
  id: RoomId;
  /** Rooms are tried by name, then id, as the booking guard does (without names: by id). */
  name?: string;
  blockouts: readonly BlockoutSpan[];
  appointments: readonly BookedSpan[];
}

/** What a slot search needs to know about the appointment type. */
export interface SlotAppointmentType {
  id?: AppointmentTypeId;
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  needsRoom: boolean;
}

export interface SlotQuery {
  /** Slots whose start lies in [start, end) are listed. */
  window: Interval;
  type: SlotAppointmentType;
  /** An explicit duration instead of the type's (minutes). */
  durationMin?: number;
  /** How often a slot may start, in local wall minutes (default 15). */
  intervalMin?: number;
  /** Round each opening block's first start up to a multiple of this many wall minutes after local midnight. */
  roundToMin?: number;
  /** Minimum booking notice in minutes (default 0). Negative allows a start that far in the past (the guard's grace). */
  minNoticeMin?: number;
  /** Starts must be before now + this many days (24 h each); null or absent for no limit. */
  horizonDays?: number | null;
  /** From the injected clock. */
  now: EpochMs;
  method: SlotMethod;
  /** single: exactly one; collective and any: one or more. */
  providers: readonly ProviderAgenda[];
  /**
   * The rooms able to host the type (as the guard sees it: active rooms of the
   * location, the type's own ones when it lists any); used only when the type needs a room.
   */
  rooms: readonly RoomAgenda[];
}
