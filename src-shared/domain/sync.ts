import type { AppointmentStatus } from './booking';
import type { AppointmentId, EpochMs, ProviderId } from './ids';

/**
 * Upstream sync with the clinic hub (issue 5): what the desk sees of it.
 * Conflicts carry this desk's own visit and patient, but of the visit holding
 * the time at the hub only its time, provider and room (never its patient).
 */
export interface SyncConflictDto {
  appointmentId: AppointmentId;
  /** overlap: another desk holds the time; version: the visit was changed elsewhere meanwhile. */
  kind: 'overlap' | 'version';
  on: 'provider' | 'room' | null;
  detectedAt: EpochMs;
  /** The visit's location zone, for showing times. */
  zone: string;
  mine: {
    startAt: EpochMs;
    endAt: EpochMs;
    status: AppointmentStatus;
    providerId: ProviderId;
    providerName: string;
    patientName: string;
    patientPhone: string | null;
  };
  competing: { startAt: EpochMs; endAt: EpochMs; providerName: string; roomName: string | null } | null;
  /** The hub's own version of this visit (null: the hub never had it). */
  hub: { startAt: EpochMs; endAt: EpochMs; status: AppointmentStatus; providerName: string } | null;
  /** Free times with the same provider and type to move the visit to. */
  suggestions: Array<{ startAt: EpochMs; endAt: EpochMs; providerId: ProviderId }>;
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
