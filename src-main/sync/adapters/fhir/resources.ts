/**
 * The few FHIR R4 shapes the adapter writes and reads, as plain types.
 * Anything read from the EHR is treated as untrusted: readers check each
 * field they use (see patient-lookup.ts, busy-time.ts, capabilities.ts).
 */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
}

export interface Identifier {
  system?: string;
  value?: string;
  type?: { text?: string; coding?: Coding[] };
}

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

interface Reference {
  reference?: string;
  display?: string;
}

export interface AppointmentParticipant {
  actor?: Reference;
  required?: 'required' | 'optional' | 'information-only';
  status: 'accepted' | 'declined' | 'tentative' | 'needs-action';
}

export interface Appointment extends FhirResource {
  resourceType: 'Appointment';
  identifier?: Identifier[];
  status: string;
  serviceType?: Array<{ coding?: Coding[]; text?: string }>;
  appointmentType?: { coding?: Coding[]; text?: string };
  start?: string;
  end?: string;
  minutesDuration?: number;
  comment?: string;
  participant: AppointmentParticipant[];
}

export interface HumanName {
  family?: string;
  given?: string[];
  text?: string;
  use?: string;
}

export interface Patient extends FhirResource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  birthDate?: string;
  telecom?: Array<{ system?: string; value?: string; use?: string }>;
}

export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  link?: Array<{ relation: string; url: string }>;
  entry?: Array<{ fullUrl?: string; resource?: FhirResource; search?: { mode?: string }; request?: { method: string; url: string; ifNoneExist?: string } }>;
}

/** Frontdesk's own identifiers on what it writes: the local visit or patient id. */
export const APPOINTMENT_ID_SYSTEM = 'urn:frontdesk:appointment-id';
export const PATIENT_ID_SYSTEM = 'urn:frontdesk:patient-id';

/** The HL7 v2 table 0276 codes belong in Appointment.appointmentType; other codings in serviceType. */
export const APPOINTMENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0276';
