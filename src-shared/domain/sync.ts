import type { AppointmentDto, AppointmentStatus } from './booking';
import type { AppointmentId, EpochMs, LocationId, ProviderId } from './ids';

/**
 * Upstream sync with the clinic hub: what the desk sees of it. Conflicts carry
 * this desk's own visit and patient, but of the visits holding the time at
 * the hub only their time, provider, room, and where and when they were
 * booked (never their patient).
 *
 * Who keeps a contested time: the visit that reached the hub first (it may
 * already have been confirmed to its patient by a reminder). The other desk's
 * visit becomes a conflict there, to be moved or cancelled.
 */
export interface SyncConflictDto {
  appointmentId: AppointmentId;
  /** overlap: another desk holds the time; version: the visit was changed elsewhere meanwhile. */
  kind: 'overlap' | 'version';
  /** What the clashes share with this visit: its provider, its room, or both (null: none, or a version conflict). */
  on: 'provider' | 'room' | 'both' | null;
  detectedAt: EpochMs;
  /** The visit's location zone, for showing times. */
  zone: string;
  mine: {
    startAt: EpochMs;
    endAt: EpochMs;
    status: AppointmentStatus;
    providerId: ProviderId;
    providerName: string;
    roomName: string | null;
    patientName: string;
    patientPhone: string | null;
    /** When it was booked, on this desk. */
    bookedAt: EpochMs;
    desk: DeskRef;
  };
  /**
   * overlap: every visit at the hub holding this visit's provider or room at
   * that time, soonest first (empty when they have been cancelled or moved since).
   */
  clashes: ConflictClash[];
  /** The hub's own version of this visit (null: the hub never had it). */
  hub: { startAt: EpochMs; endAt: EpochMs; status: AppointmentStatus; providerName: string } | null;
  /**
   * Free times to move the visit to: the same provider's nearest to the
   * original time, then other providers able to do the type at the same
   * location, nearest first.
   */
  suggestions: ConflictSuggestion[];
}

/** A desk of the clinic: this one, or another named by a short code (the Sync section shows each desk its own). */
export interface DeskRef {
  thisDesk: boolean;
  code: string;
}

export interface ConflictClash {
  /** What it shares with the refused visit. */
  on: 'provider' | 'room' | 'both';
  startAt: EpochMs;
  endAt: EpochMs;
  providerName: string;
  roomName: string | null;
  /** When it was booked (null: not known on this desk yet). */
  bookedAt: EpochMs | null;
  /** The desk that booked it (null: not known on this desk yet). */
  desk: DeskRef | null;
  /** When it reached the hub, which is why it keeps the time. */
  reachedHubAt: EpochMs | null;
}

export interface ConflictSuggestion {
  startAt: EpochMs;
  endAt: EpochMs;
  providerId: ProviderId;
  providerName: string;
  /** True for the visit's own provider. */
  sameProvider: boolean;
  locationId: LocationId;
  locationName: string;
  /** The location's IANA zone: show the time in it. */
  zone: string;
}

/**
 * A conflict settled at this desk. `hub` says how far it got: taken by the
 * hub ('confirmed'), sent but not answered within a few seconds ('sent'), or
 * kept here until the hub is back ('queued'). A refusal is an error instead.
 */
export interface ConflictSettledDto {
  appointment: AppointmentDto;
  hub: 'confirmed' | 'sent' | 'queued';
}

/** A change that kept failing (after 5 attempts): retry it or set it aside. */
export interface SyncAttentionDto {
  seq: number;
  /** e.g. 'appointment', 'patient', 'provider'. */
  entityType: string;
  operation: string;
  attempts: number;
  lastError: string | null;
  createdAt: EpochMs;
}

/**
 * A staff or set-up change the clinic hub did not take, which this desk undid
 * (it shows the hub's version again): refused for who made it, or overtaken by
 * another desk's change of the same person.
 */
export interface SyncUndoneDto {
  id: number;
  entityType: string;
  entityId: string;
  operation: string;
  kind: 'refused' | 'overtaken';
  /** What was undone and why, in plain words. */
  message: string;
  undoneAt: EpochMs;
  /** An overtaken staff change: a manager may make it again on top of the clinic's version. */
  canReapply: boolean;
}

/** The hub connection as the settings screen sees it: never the password. */
export interface HubSettingsDto {
  configured: boolean;
  /** The address with its password masked. */
  url: string;
  tls: 'disable' | 'require' | 'verify-full';
  hasCa: boolean;
}

/** A change pulled from the hub that this desk refused to apply (malformed or forged), and why. */
export interface SyncQuarantineDto {
  id: number;
  /** Its place in the hub's change log. */
  seq: number;
  entityType: string;
  operation: string;
  reason: string;
  receivedAt: EpochMs;
}

/** A desk enrolled at the clinic hub, as a manager sees it. */
export interface HubDeskDto {
  deskId: string;
  name: string;
  /** Its PostgreSQL login role (null: a desk from before enrollment). */
  roleName: string | null;
  enrolledAt: EpochMs;
  revokedAt: EpochMs | null;
  lastSeenAt: EpochMs | null;
  legacy: boolean;
}

export interface HubSetupDto {
  hubId: string;
  schemaVersion: number;
  /** 0: a new hub. */
  previousVersion: number;
  /** The user that owned a hub of the shared-owner version (its desks must re-enroll), or null. */
  sharedUser: string | null;
}

/** A new desk and its one-time enrollment code (holds the desk's password; shown once). */
export interface HubEnrollmentDto {
  desk: HubDeskDto;
  code: string;
}
