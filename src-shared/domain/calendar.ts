import type { AppointmentListItemDto } from './booking';
import type { BlockoutDto } from './clinic';
import type { AppointmentId, EpochMs, LocationId, ProviderId, ReminderId, RoomId } from './ids';

/**
 * What the calendar grid, the appointment panel's reminder list, the
 * reminders day list and the sync indicator read. No patient data beyond what
 * the day grid already shows (names on cards).
 */

/** A provider's open time at one location, [startAt, endAt). */
export interface OpenIntervalDto {
  providerId: ProviderId;
  locationId: LocationId;
  startAt: EpochMs;
  endAt: EpochMs;
}

export type ReminderState = 'scheduled' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled';

/** One reminder row of one visit. */
export interface ReminderDto {
  id: ReminderId;
  appointmentId: AppointmentId;
  /** Minutes before the visit it is (was) due: 1440 = the day before, 60 = an hour before. */
  offsetMin: number;
  dueAt: EpochMs;
  state: ReminderState;
  channel: 'sms' | 'email' | null;
  attempts: number;
  /** Why the last attempt failed, written for the desk; null unless it failed. */
  failureReason: string | null;
  /** Why it was not sent (opted out, quiet hours, visit passed…), written for the desk; null unless skipped. */
  skipReason: string | null;
  /** Sent after its moment because the desk was off at the time. */
  late: boolean;
  sentAt: EpochMs | null;
  updatedAt: EpochMs;
}

/** One line per visit on a card: the state that most needs the desk's eye, and how many reminders it has. */
export interface ReminderSummaryDto {
  appointmentId: AppointmentId;
  /** failed > sending > scheduled > sent > skipped > cancelled. */
  state: ReminderState;
  total: number;
  sent: number;
  failed: number;
}

/** A reminder beside the visit it belongs to, for the day list. */
export interface ReminderDayItemDto extends ReminderDto {
  visitStartAt: EpochMs;
  providerId: ProviderId;
  locationId: LocationId;
  roomId: RoomId | null;
  patientGivenName: string;
  patientFamilyName: string;
  typeName: string;
  appointmentStatus: AppointmentListItemDto['status'];
}

/**
 * A visit as the grid draws it: what a card and a drag need, without the
 * private note, the cancellation reason and bookkeeping times (the panel asks
 * for those for the one visit it shows). The busy span (its preparation and
 * clean-up time) is drawn around the card. A busy day is 1,500 of these.
 */
export type GridVisitDto = Omit<
  AppointmentListItemDto,
  'note' | 'cancelReason' | 'createdAt' | 'updatedAt' | 'arrivedAt' | 'seatedAt' | 'doneAt'
> & {
  /** Its reminders' state that most needs the desk's eye (failed > sending > scheduled > sent > skipped > cancelled); null without reminders. */
  reminderState: ReminderState | null;
  /** The patient has an alert for the desk (the card shows a mark; the text is only in the patient's panel). */
  patientAlert: boolean;
  /** One visit of a recurring series (the card shows a repeat mark; the panel tells which). */
  inSeries: boolean;
};

/** Everything the grid draws for a range of days, in one answer. */
export interface CalendarRangeDto {
  from: EpochMs;
  to: EpochMs;
  /** Cancelled ones included (struck through on the grid). */
  appointments: GridVisitDto[];
  blockouts: BlockoutDto[];
  open: OpenIntervalDto[];
  /** Visits the clinic hub refused and the desk has not settled yet (see the Sync section). */
  conflictIds: AppointmentId[];
  /** Time providers' own calendars (CalDAV) hold: only when, never what. */
  externalBusy: ExternalBusyDto[];
}

export interface ExternalBusyDto {
  providerId: ProviderId;
  startAt: EpochMs;
  endAt: EpochMs;
}

/** The sync indicator's answer (also the `sync/status` push event). */
export interface SyncStatusDto {
  /** True without a hub; with one, false while the hub cannot be reached. */
  online: boolean;
  /** When the hub was last found unreachable, while it still is. */
  offlineSince: EpochMs | null;
  /** Changes waiting to reach the hub. */
  pending: number;
  /** Changes that kept failing (after 5 attempts) and need someone to look. */
  needsAttention: number;
  /** Visits the hub refused (time taken at another desk, changed elsewhere); see the conflicts list. */
  conflicts: number;
  lastSuccessAt: EpochMs | null;
  /** Why the hub refuses this desk (password, newer hub…), for the indicator; null when it does not. */
  problem: string | null;
  /** False on a single-desk clinic: nothing is sent anywhere, and nothing needs to be. */
  hubConfigured: boolean;
}
