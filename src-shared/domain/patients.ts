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
  addressLine1: string;
  addressLine2: string;
  city: string;
  region: string;
  postalCode: string;
  /** A warning for everyone at the desk ('' when none). Cards show only that there is one. */
  alert: string;
  /** Insurance, all '' when none on file; never needed to book. */
  insurancePayer: string;
  insuranceMemberId: string;
  insuranceGroup: string;
  /** The policy holder when it is not the patient ('' = the patient). */
  insuranceSubscriber: string;
  /** The responsible person (a parent, a guardian), another patient record. */
  guardianId: PatientId | null;
  /** Patients sharing a household id are one family, listed together. */
  householdId: string | null;
  /** Counts every change; an edit based on an older version is a conflict, never a silent overwrite. */
  version: number;
  /** Set when this record was merged into another: a tombstone, no longer found by search. */
  mergedInto: PatientId | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

/** Another patient shown on a panel: a family member or the responsible person. */
export interface RelatedPatient {
  id: PatientId;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  /** This person is the panel's patient's responsible person. */
  isGuardian: boolean;
  /** The panel's patient is this person's responsible person. */
  isDependant: boolean;
}

/** A merge the desk can still undo (until the end of the clinic day it was made on). */
export interface UndoableMerge {
  mergedId: PatientId;
  mergedName: string;
  mergedAt: EpochMs;
}

/** Another desk changed this record at the same time as this desk: both versions, for someone to choose. */
export interface PatientConflict {
  patientId: PatientId;
  /** Fields whose values differ between this desk's edit and the hub's record. */
  fields: string[];
  mine: Patient;
  theirs: Patient;
  detectedAt: EpochMs;
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
  /** The household (family listed together) and the responsible person, if any; the patient left out. */
  family: RelatedPatient[];
  /** Merges into this record that can still be undone today. */
  undoableMerges: UndoableMerge[];
  /** A concurrent edit at another desk waiting for someone to choose, or null. */
  conflict: PatientConflict | null;
}
