import type { AppointmentId, AppointmentTypeId, EpochMs, LocationId, PatientId, ProviderId } from './ids';

/**
 * The waiting room of one location for its local today: who has arrived and
 * is waiting, who is seated with a provider, and how many visits are done.
 * A care-team visit is one entry (its lead appointment), with every provider.
 */
export interface WaitingRoomVisitDto {
  /** The visit (a care team's lead); Seated and Done act on it and its team. */
  appointmentId: AppointmentId;
  version: number;
  patientId: PatientId;
  patientGivenName: string;
  patientFamilyName: string;
  providerIds: ProviderId[];
  providerNames: string[];
  typeId: AppointmentTypeId;
  typeName: string;
  typeColour: string;
  roomName: string | null;
  startAt: EpochMs;
  endAt: EpochMs;
  arrivedAt: EpochMs;
  seatedAt: EpochMs | null;
  /** Whole minutes the patient arrived after the visit's start; 0 when on time or early. */
  lateMin: number;
}

export interface WaitingRoomDto {
  locationId: LocationId;
  /** The location's local today, by main's clock. */
  date: string;
  zone: string;
  /** The clinic's threshold: a wait longer than this is highlighted. */
  waitAlertMin: number;
  /** Arrived and not yet seated, longest waiting first. */
  waiting: WaitingRoomVisitDto[];
  /** With the provider, seated first first. */
  seated: WaitingRoomVisitDto[];
  /** Visits of today marked done. */
  doneToday: number;
}
