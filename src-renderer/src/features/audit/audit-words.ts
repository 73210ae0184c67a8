import type { AuditRowDto, AuditVerifyDto } from '@shared/domain/audit';

/**
 * The audit trail in plain words for a manager: what an action means, what a row
 * was about, and what the chain check found. Rows carry ids and facts only, so
 * the words never name a patient.
 */

/** The actions a manager filters by: one action, or a family of them (ending in "."). */
export const ACTION_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any action' },
  { value: 'patient.read', label: 'Viewed a patient' },
  { value: 'patient.search', label: 'Searched for patients' },
  { value: 'patient.', label: 'Patient records (all)' },
  { value: 'appointment.', label: 'Appointments (all)' },
  { value: 'schedule.view', label: 'Viewed the schedule' },
  { value: 'export.', label: 'Exports' },
  { value: 'report.run', label: 'Reports' },
  { value: 'staff.', label: 'Sign-ins and staff' },
  { value: 'settings.', label: 'Settings changes' },
  { value: 'sync.', label: 'Sync and the clinic hub' },
];

const ACTION_TEXT: Record<string, string> = {
  'patient.read': 'Viewed a patient',
  'patient.search': 'Searched for patients',
  'patient.create': 'Added a patient',
  'patient.update': 'Changed a patient',
  'patient.import': 'Imported patients',
  'import.rows_to_fix': 'Downloaded the import rows to fix',
  'appointment.book': 'Booked an appointment',
  'appointment.reschedule': 'Moved an appointment',
  'appointment.cancel': 'Cancelled an appointment',
  'appointment.confirm': 'Confirmed an appointment',
  'appointment.check_in': 'Checked a patient in',
  'appointment.seat': 'Seated a patient with the provider',
  'appointment.complete': 'Completed an appointment',
  'appointment.no_show': 'Marked a no-show',
  'appointment.undo': 'Undid a change to an appointment',
  'schedule.view': 'Viewed the schedule',
  'schedule.print': 'Printed a day sheet',
  'export.audit_csv': 'Exported the audit trail',
  'audit.check_hub_copy': 'Compared the audit trail with the hub’s copy',
  'report.run': 'Ran a report',
  'reminder.resend': 'Sent a reminder again',
  'staff.sign_in': 'Signed in',
  'staff.sign_out': 'Signed out',
  'access.refused': 'Was refused a screen',
  'settings.update': 'Changed settings',
  'settings.reminders': 'Changed reminder settings',
  'settings.update_feed': 'Changed the update address',
  'demo.generate': 'Created the demo clinic',
  'desk.lock_after_set': 'Changed when the desk locks itself',
  'staff.first_manager_failed': 'Wrong desk passcode for the first manager',
  'patient.merge': 'Merged duplicate patients',
  'patient.merge_keep': 'Kept a patient record in a merge',
  'patient.unmerge': 'Undid a merge of patients',
  'patient.unmerge_keep': 'Restored a patient record after a merge was undone',
  'patient.family_link': 'Linked a family member',
  'patient.family_unlink': 'Unlinked a family member',
  'patient.conflict_resolve': 'Chose between two desks’ changes to a patient',
  'waitlist.view': 'Viewed the waitlist',
  'waitlist.fits': 'Looked for waitlist patients for a free time',
  'calendars.connect': 'Connected a provider’s calendar',
  'calendars.disconnect': 'Disconnected a provider’s calendar',
  'ehr.connect': 'Connected the EHR',
  'ehr.disconnect': 'Disconnected the EHR',
  'ehr.key_made': 'Made a new EHR key',
  'ehr.patient_lookup': 'Looked up patients in the EHR',
  'ehr.patient_import': 'Brought a patient in from the EHR',
  'ehr.export_bundle': 'Exported visits for the EHR',
  'ehr.visit_retry': 'Sent a visit to the EHR again',
  'sync.hub_joined': 'Joined the clinic hub',
  'sync.hub_settings': 'Changed the clinic hub connection',
  'sync.conflict': 'A change clashed with another desk’s',
  'sync.conflict_resolved': 'Settled a visit the hub refused',
  'sync.refused_online': 'Took the hub’s copy of a refused visit',
  'sync.patient_rebased': 'Took another desk’s change to a patient',
  'sync.quarantine_dismissed': 'Dismissed a change the hub could not take',
  'sync.undone': 'Undid a change the clinic hub refused',
};

export const actionText = (action: string): string => ACTION_TEXT[action] ?? action;

const VIEW_TEXT: Record<string, string> = {
  panel: 'side panel',
  record: 'full record',
  grid: 'day grid',
  'day-list': 'day list',
  'range-list': 'list of days',
  reminders: 'reminders of a day',
  'waiting-room': 'waiting room',
};

/** Actions whose row is about a whole list rather than the record type it names. */
const KIND_OF_ACTION: Record<string, string> = {
  'schedule.view': 'Schedule',
  'waitlist.view': 'Waitlist',
};

const ENTITY_TEXT: Record<string, string> = {
  patient: 'Patient record',
  appointment: 'Appointment',
  staff: 'Staff member',
  export: 'Export',
  report: 'Report',
  settings: 'Settings',
};

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).replace(/[_-]/g, ' ');

/** What a row was about: the kind of record and the facts it carries (never a patient's name). */
export function whatText(row: AuditRowDto): string {
  const d = row.details ?? {};
  if (row.action === 'patient.search' && typeof d.results === 'number') return `${d.results}${d.hasMore === true ? '+' : ''} found`;
  if (row.action === 'export.audit_csv' && typeof d.rows === 'number') return `${d.rows} audit ${d.rows === 1 ? 'entry' : 'entries'}`;
  const kind = KIND_OF_ACTION[row.action] ?? ENTITY_TEXT[row.entityType] ?? capitalized(row.entityType);
  if (row.entityType === 'patient' && !row.entityId) return 'Patients';
  return typeof d.view === 'string' ? `${kind} (${VIEW_TEXT[d.view] ?? d.view})` : kind;
}

/** Desk ids are long; the first block tells desks apart on screen (the CSV has them whole). */
export const shortDevice = (device: string): string => (device.length > 12 ? device.slice(0, 8) : device);

/** A row of a patient's access history: what the person did with this patient's record or visits. */
export function accessText(row: AuditRowDto): string {
  const view = row.details?.view;
  if (row.action === 'patient.read' && typeof view === 'string') return `Viewed the ${VIEW_TEXT[view] ?? view}`;
  return actionText(row.action);
}

const PROBLEM_TEXT = {
  edited: 'it was changed after it was written',
  'missing-before': 'an entry before it is missing',
  unchained: 'it is not linked to the entry before it',
} as const;

/** The chain check's answer as a sentence; `when` formats the broken entry's time. */
export function verifyText(result: AuditVerifyDto, when: (t: number) => string): string {
  const scope = `${result.checked.toLocaleString('en-US')} ${result.checked === 1 ? 'entry' : 'entries'} from ${result.devices} ${result.devices === 1 ? 'desk' : 'desks'} checked`;
  if (result.intact) return `The trail is intact: ${scope}, every link holds.`;
  const b = result.firstBroken;
  return `The trail is broken (${scope}). The first broken link is entry ${b.seq} from desk “${b.device}” at ${when(b.at)}: ${PROBLEM_TEXT[b.problem]}.`;
}
