import type {
  AppointmentId,
  AppointmentTypeId,
  EpochMs,
  LocationId,
  PatientId,
  ProviderId,
  RoomId,
} from './ids';

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses whose visit no longer holds its provider's and room's time. */
export const RELEASED_STATUSES: readonly AppointmentStatus[] = ['cancelled', 'no_show'];

export interface AppointmentDto {
  id: AppointmentId;
  patientId: PatientId;
  providerId: ProviderId;
  locationId: LocationId;
  roomId: RoomId | null;
  typeId: AppointmentTypeId;
  /** The visit, [startAt, endAt). */
  startAt: EpochMs;
  endAt: EpochMs;
  /** The time it keeps provider and room busy: the visit widened by the type's buffers. */
  busyStartAt: EpochMs;
  busyEndAt: EpochMs;
  status: AppointmentStatus;
  cancelReason: string | null;
  /** Private note for the clinic. */
  note: string;
  /** Increments on every change; pass it back as `expectedVersion` to detect edits made meanwhile. */
  version: number;
  /**
   * A care-team visit (several providers with the patient at once): the id of the team's lead
   * appointment, which holds the room and the reminders; the lead carries its own id. Null otherwise.
   */
  teamId: AppointmentId | null;
  /** When the patient checked in (the waiting room counts from here); null until then. */
  arrivedAt: EpochMs | null;
  /** When the patient was seated with the provider (still checked in); null until then. */
  seatedAt: EpochMs | null;
  /** When the visit was marked done (completed); null until then. */
  doneAt: EpochMs | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

/** A visit as it travels to and from the clinic hub: the whole visit and the version it changed. */
export interface AppointmentSnapshot extends AppointmentDto {
  /** The hub applies the change only while its copy is at this version (0: a new visit). */
  baseVersion: number;
}

/** An appointment with what the day grid and lists show beside it. */
export interface AppointmentListItemDto extends AppointmentDto {
  patientGivenName: string;
  patientFamilyName: string;
  typeName: string;
  typeColour: string;
}
