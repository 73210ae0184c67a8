import type { AppointmentId, LocationId, PatientId, ProviderId } from './ids';
import type { SyncStatusDto } from './calendar';
import type { OpenedTime } from './waitlist';

/**
 * Push events main sends after a change has committed:
 * they say *what* to refresh and never carry patient data. Core services emit
 * the same shapes (src-main/core/events.ts).
 */
export interface AppointmentsChanged {
  /** The operation, e.g. 'appointment.book', 'appointment.reschedule'. */
  operation: string;
  appointmentIds: AppointmentId[];
  providerIds: ProviderId[];
  locationIds: LocationId[];
  /** Local dates (YYYY-MM-DD, in each location's zone) whose day view changed. */
  dates: string[];
  /** Time the change gave back (a visit cancelled, moved away, marked a no-show): the waitlist looks for patients to fill it. */
  released?: OpenedTime[];
}

export type ClinicEntity =
  | 'location'
  | 'room'
  | 'provider'
  | 'appointment_type'
  | 'opening_hours'
  | 'hours_override'
  | 'blockout'
  | 'settings';

export interface ClinicChanged {
  entity: ClinicEntity;
  ids: string[];
  /** Time a removed or shortened blockout gave back to its provider. */
  released?: OpenedTime[];
}

/** Patient records changed at another desk and arrived through the clinic hub (ids only). */
export interface PatientsChanged {
  patientIds: PatientId[];
}

export interface RemindersChanged {
  appointmentIds: AppointmentId[];
}

/** The sync indicator's numbers (src-main/sync/status.ts). */
export type SyncStatus = SyncStatusDto;
