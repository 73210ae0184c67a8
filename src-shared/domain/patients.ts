import type { AppointmentStatus } from './booking';
import type { AppointmentId, AppointmentTypeId, EpochMs, LocationId, PatientId, ProviderId, RoomId } from './ids';

/** How a patient prefers to get reminders. */
export type PreferredChannel = 'sms' | 'email' | 'none';

export interface Patient {
  id: PatientId;
  givenName: string;
  familyName: string;
  /** Local date, YYYY-MM-DD. */
  dateOfBirth: string;
  /** As entered, e.g. "(212) 555-0147"; null when the patient gave none. */
  phone: string | null;
  /** The phone's digits (search and duplicate checks); '' without a phone. */
  phoneDigits: string;
  email: string | null;
  preferredChannel: PreferredChannel;
  smsOptOut: boolean;
  emailOptOut: boolean;
  /** Private to the clinic; never leaves the workstation toward calendars or reminders. */
  notes: string;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

/** Why an existing patient looks like the one being saved. */
export type DuplicateReason = 'name_and_birth_date' | 'phone_and_birth_date';

/** An existing record shown to the receptionist before saving a possible duplicate. */
export interface DuplicateCandidate {
  id: PatientId;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  reasons: DuplicateReason[];
}

/** `details` of a DUPLICATE_PATIENT error: save again with `confirmDuplicate: true` to proceed. */
export interface DuplicatePatientDetails {
  candidates: DuplicateCandidate[];
}

/**
 * How well a search hit matches, best first: every search word is a whole
 * name word (or the whole phone number / the birth date); every word starts a
 * name word (or the phone starts or ends with the digits); or a word only
 * occurs inside a name or phone number.
 */
export type PatientMatch = 'exact' | 'prefix' | 'partial';

export interface PatientSearchHit {
  id: PatientId;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  match: PatientMatch;
}

export interface PatientSearchResult {
  /** Exact matches first, then prefix, then partial; by family and given name within each. */
  hits: PatientSearchHit[];
  /** More patients match than were returned: the receptionist should type more. */
  hasMore: boolean;
}

/** One visit on a patient's panel. */
export interface PatientVisit {
  appointmentId: AppointmentId;
  startAt: EpochMs;
  endAt: EpochMs;
  status: AppointmentStatus;
  providerId: ProviderId;
  providerName: string;
  typeId: AppointmentTypeId;
  typeName: string;
  locationId: LocationId;
  locationName: string;
  /** IANA zone of the location: visit times are shown in it. */
  locationZone: string;
  roomId: RoomId | null;
  roomName: string | null;
}

/** What the desk sees when it opens a patient: the record and their visits. */
export interface PatientPanel {
  patient: Patient;
  /** Visits ending after now, soonest first, any status (a cancelled one shows as such). */
  upcoming: PatientVisit[];
  /** Visits that ended by now, latest first, any status (completed, no-show, cancelled…). */
  past: PatientVisit[];
}
