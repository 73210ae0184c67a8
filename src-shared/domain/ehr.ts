import type { EpochMs, PatientId } from './ids';

/**
 * The clinic's EHR (a FHIR R4 server) as the Sync section shows it. Secrets
 * never come back: only whether one is stored, and the desk's public key.
 */
export type EhrAuthKind = 'smart' | 'bearer' | 'basic';

/** Real-time: visits as they change, busy time every minute. Batch: both every N minutes. Hybrid: visits as they change, busy time every N minutes. */
export const EHR_SYNC_MODES = ['realtime', 'batch', 'hybrid'] as const;
export type EhrSyncMode = (typeof EHR_SYNC_MODES)[number];

export interface EhrSettingsDto {
  /** False: no EHR connected (the other connection fields are empty). */
  connected: boolean;
  baseUrl: string;
  authKind: EhrAuthKind;
  /** SMART Backend Services: the client id the EHR registered for this desk, and its token endpoint ('' = discovered). */
  clientId: string;
  tokenUrl: string;
  scope: string;
  username: string;
  /** A bearer token or password is stored (never shown). */
  hasSecret: boolean;
  /** The public half of this desk's signing key (JWKS text) to register with the EHR; null until made. */
  publicJwks: string | null;
  mode: EhrSyncMode;
  batchMinutes: number;
  /** Visits' notes go to the EHR as Appointment.comment (off unless the clinic turns it on). */
  sendNotes: boolean;
  status: EhrStatusDto;
}

export interface EhrStatusDto {
  lastPushAt: EpochMs | null;
  lastPullAt: EpochMs | null;
  /** Visits waiting to be sent. */
  pending: number;
  /** Visits that wait for a provider, location or type to be mapped. */
  needsMapping: number;
  /** Visits the EHR refused or changed meanwhile (listed in `problems`). */
  conflicts: number;
  /** Visits that kept failing (5 tries); listed in `problems` with Retry. */
  attention: number;
  /** What is wrong with the connection, in plain words (null when the last contact worked). */
  problem: string | null;
  problemSince: EpochMs | null;
  /** Stretches of EHR busy time on the schedule (from now on). */
  busyCount: number;
}

export interface EhrCapabilityLine {
  tone: 'ok' | 'warning' | 'problem';
  text: string;
}

/** What "Test connection" found, in plain words. */
export interface EhrTestReportDto {
  fhirVersion: string | null;
  software: string | null;
  lines: EhrCapabilityLine[];
}

export const EHR_MAPPING_KINDS = ['provider', 'location', 'room', 'type'] as const;
export type EhrMappingKind = (typeof EHR_MAPPING_KINDS)[number];

/** A candidate from the EHR: a Practitioner(Role) or Location reference, or a coding for a type. */
export interface EhrTargetDto {
  /** 'Practitioner/123', 'PractitionerRole/9', 'Location/4'; '' for a type's coding. */
  reference: string;
  system: string;
  code: string;
  display: string;
  /** Why it is suggested ("same NPI", "same name"); null for a plain choice. */
  reason: string | null;
}

export interface EhrMappingRowDto {
  kind: EhrMappingKind;
  localId: string;
  localName: string;
  /** For a room: its location's name. */
  context: string | null;
  mapped: EhrTargetDto | null;
  suggestion: EhrTargetDto | null;
  /** Visits waiting for this mapping (provider, location, type). */
  blockedVisits: number;
}

export interface EhrMappingsDto {
  rows: EhrMappingRowDto[];
  /** What the EHR offered (Practitioners and roles, Locations), for choosing by hand; empty when it could not be read. */
  practitioners: EhrTargetDto[];
  locations: EhrTargetDto[];
  /** The EHR could not be read for suggestions: why, in plain words. */
  problem: string | null;
}

/** A visit the EHR refused or that kept failing. */
export interface EhrProblemDto {
  appointmentId: string;
  state: 'conflict' | 'attention';
  startAt: EpochMs;
  providerName: string;
  /** The EHR's own words (OperationOutcome) or ours. */
  message: string;
}

/** A patient found in the EHR by name and birth date. */
export interface EhrPatientMatchDto {
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  /** The EHR's record number(s), as shown there. */
  identifiers: string[];
  /** Already imported: the local patient. */
  localPatientId: PatientId | null;
}
