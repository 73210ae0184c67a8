/**
 * The one IPC contract both sides compile against.
 *
 * Channels are `'domain/verb'` → zod input schema + output type. Main parses
 * every input with its schema before a service sees it and answers with a
 * `Result<Output>` (src-shared/domain/errors.ts). Events are pushed by main
 * after a change has committed and carry no patient data.
 *
 * Each channel declares the permission it needs and whether it answers while
 * the desk is locked (nobody signed in); each event whether it waits while
 * locked. Main's handler table enforces both (src-main/ipc/app-table.ts).
 *
 * Adding a channel here makes main fail to compile until a handler exists
 * (src-main/ipc/handlers), and makes it callable from the renderer's api client.
 */
import type { AppStatus, DemoProgress, UpdateStatus } from './domain/app';
import type { AppointmentDto, AppointmentListItemDto } from './domain/booking';
import type {
  AppointmentTypeDto,
  BlockoutDto,
  ClinicSettings,
  HoursOverrideDto,
  LocationDto,
  OpeningHoursRuleDto,
  ProviderDto,
  RoomDto,
} from './domain/clinic';
import type { AppointmentsChanged, ClinicChanged, PatientsChanged, RemindersChanged, SyncStatus } from './domain/events';
import type { ConflictSettledDto, HubDeskDto, HubEnrollmentDto, HubSettingsDto, HubSetupDto, SyncAttentionDto, SyncConflictDto, SyncQuarantineDto, SyncUndoneDto } from './domain/sync';
import { enrollDeskInput, hubAdminInput, hubConnectionInput, joinHubInput, outboxRowInput, quarantineRowInput, resolveConflictInput, revokeDeskInput, undoneRowInput } from './schemas/sync';
import type { ProviderCalendarDto } from './domain/provider-calendars';
import { providerCalendarIdInput, providerCalendarInput, refreshCalendarsInput } from './schemas/provider-calendars';
import type { EhrMappingsDto, EhrPatientMatchDto, EhrProblemDto, EhrSettingsDto, EhrTestReportDto } from './domain/ehr';
import { ehrConnectionInput, ehrExportBundleInput, ehrMappingInput, ehrPatientImportInput, ehrPatientLookupInput, ehrVisitInput } from './schemas/ehr';
import { channel, event, type ChannelTable, type EventTable, type InputOf, type OutputOf, type ParsedOf, type PayloadOf } from './ipc/define';
import type { Patient, PatientPanel, PatientSearchResult } from './domain/patients';
import type { ClinicSetupDto } from './domain/setup';
import type { SlotSearchResult, TimeExplanation, TypesAtTime } from './domain/availability';
import { explainTimeInput, findSlotsInput, nextAvailableInput, typesAtTimeInput } from './schemas/slots';
import type { ReminderDayItemDto, ReminderDto, SyncStatusDto } from './domain/calendar';
import type { CalendarRangeWire } from './ipc/calendar-range-wire';
import { calendarRangeInput, recordPrintInput, remindersForAppointmentInput, remindersForDayInput } from './schemas/calendar';
import type { ReminderDeliverySettingsDto, ReminderPreviewDto } from './domain/reminders';
import { previewReminderInput, resendReminderInput, updateReminderDeliveryInput } from './schemas/reminders';
import { noInput, setBookingOpenInput } from './schemas/app';
import {
  bookInput,
  bookTeamInput,
  cancelInput,
  getAppointmentInput,
  listForDayInput,
  rescheduleInput,
  statusChangeInput,
  undoChangeInput,
} from './schemas/booking';
import {
  appointmentsInRangeInput,
  blockoutsInRangeInput,
  createAppointmentTypeInput,
  createBlockoutInput,
  createLocationInput,
  createOpeningHoursInput,
  createProviderInput,
  createRoomInput,
  removeBlockoutInput,
  removeHoursOverrideInput,
  removeOpeningHoursInput,
  setHoursOverrideInput,
  updateAppointmentTypeInput,
  updateBlockoutInput,
  updateClinicSettingsInput,
  updateLocationInput,
  updateOpeningHoursInput,
  updateProviderInput,
  updateRoomInput,
} from './schemas/clinic';
import {
  createPatientInput,
  linkFamilyInput,
  mergePatientsInput,
  patientIdInput,
  patientPanelInput,
  resolvePatientConflictInput,
  searchPatientsInput,
  undoMergeInput,
  unlinkFamilyInput,
  updatePatientInput,
} from './schemas/patients';
import { activeOnlyInput, listHoursOverridesInput, listOpeningHoursInput, listRoomsInput } from './schemas/queries';
import type { ImportOutcome, ImportPreview, ImportProgress, ImportReportChunk, ImportUpload } from './domain/import';
import { appendImportInput, beginImportInput, checkImportInput, importReportInput, runImportInput, uploadRefInput } from './schemas/import';
import { createBlockoutSeriesInput } from './schemas/blockout-series';
import { chooseStartInput } from './schemas/first-run';
import type { ExportChunk, ExportOutcome, ExportProgress, ReportOutcome } from './domain/exports';
import { exportJobInput, readExportInput, runExportInput, runReportInput } from './schemas/exports';
import type { DeskLockStatus } from './domain/desk-lock';
import { setLockAfterInput } from './schemas/desk-lock';
import type { SessionDto, SignInScreenDto, StaffDto } from './domain/staff';
import {
  changeOwnSecretInput,
  createFirstManagerInput,
  createStaffInput,
  resetSecretInput,
  signInInput,
  staffIdInput,
  updateStaffInput,
} from './schemas/staff';
import type { AuditCsvChunkDto, AuditHubCheckDto, AuditHubStatusDto, AuditPageDto, AuditVerifyDto } from './domain/audit';
import { auditCsvInput, auditQueryInput, patientAccessInput } from './schemas/audit';
import type { BackupFileDto, BackupPreviewDto, BackupStatusDto, RestoreOutcomeDto } from './domain/backups';
import { backupSettingsInput, listBackupsInput, previewRestoreInput, recoveryPassphraseInput, restoreInput } from './schemas/backups';
import { listChannels, listEvents } from './contract-lists';
import type { WaitingRoomDto } from './domain/waiting-room';
import { waitingRoomInput } from './schemas/waiting-room';

export const contract = {
  // App lifecycle: answered even while the first-start demo is being built.
  'app/get-status': channel<AppStatus>()(noInput, { permission: 'public', whileLocked: true }),
  /** The renderer reports open booking dialogs so an update never restarts the app under someone. */
  'app/set-booking-open': channel<null>()(setBookingOpenInput, { permission: 'public', whileLocked: true }),
  /** First run: start with the demo clinic or an empty one; only while the phase is 'choosing'. */
  'app/choose-start': channel<AppStatus>()(chooseStartInput, { permission: 'public', whileLocked: true }),
  /** Rebuilds the demo clinic from scratch (FORBIDDEN for a real clinic); answers once it is ready again. */
  'app/reset-demo': channel<AppStatus>()(noInput, { permission: 'demo.reset' }),
  'updates/get-status': channel<UpdateStatus>()(noInput, { permission: 'public', whileLocked: true }),
  /** Restart now to install a downloaded update; refused (LOCKED) while a booking dialog is open. */
  'updates/restart': channel<null>()(noInput, { permission: 'signed-in' }),

  // Clinic set-up (src-main/core/clinic). Changes push `clinic/changed`.
  'clinic/get-setup': channel<ClinicSetupDto>()(noInput, { permission: 'setup.read' }),
  'clinic/list-locations': channel<LocationDto[]>()(noInput, { permission: 'setup.read' }),
  'clinic/create-location': channel<LocationDto>()(createLocationInput, { permission: 'setup.manage' }),
  'clinic/update-location': channel<LocationDto>()(updateLocationInput, { permission: 'setup.manage' }),
  'clinic/list-rooms': channel<RoomDto[]>()(listRoomsInput, { permission: 'setup.read' }),
  'clinic/create-room': channel<RoomDto>()(createRoomInput, { permission: 'setup.manage' }),
  'clinic/update-room': channel<RoomDto>()(updateRoomInput, { permission: 'setup.manage' }),
  'clinic/list-providers': channel<ProviderDto[]>()(activeOnlyInput, { permission: 'setup.read' }),
  'clinic/create-provider': channel<ProviderDto>()(createProviderInput, { permission: 'setup.manage' }),
  'clinic/update-provider': channel<ProviderDto>()(updateProviderInput, { permission: 'setup.manage' }),
  'clinic/list-appointment-types': channel<AppointmentTypeDto[]>()(activeOnlyInput, { permission: 'setup.read' }),
  'clinic/create-appointment-type': channel<AppointmentTypeDto>()(createAppointmentTypeInput, { permission: 'setup.manage' }),
  'clinic/update-appointment-type': channel<AppointmentTypeDto>()(updateAppointmentTypeInput, { permission: 'setup.manage' }),
  'clinic/list-opening-hours': channel<OpeningHoursRuleDto[]>()(listOpeningHoursInput, { permission: 'setup.read' }),
  'clinic/add-opening-hours': channel<OpeningHoursRuleDto>()(createOpeningHoursInput, { permission: 'setup.manage' }),
  'clinic/update-opening-hours': channel<OpeningHoursRuleDto>()(updateOpeningHoursInput, { permission: 'setup.manage' }),
  'clinic/remove-opening-hours': channel<null>()(removeOpeningHoursInput, { permission: 'setup.manage' }),
  'clinic/list-hours-overrides': channel<HoursOverrideDto[]>()(listHoursOverridesInput, { permission: 'setup.read' }),
  'clinic/set-hours-override': channel<HoursOverrideDto>()(setHoursOverrideInput, { permission: 'setup.manage' }),
  'clinic/remove-hours-override': channel<null>()(removeHoursOverrideInput, { permission: 'setup.manage' }),
  'clinic/list-blockouts': channel<BlockoutDto[]>()(blockoutsInRangeInput, { permission: 'schedule.read' }),
  'clinic/create-blockout': channel<BlockoutDto>()(createBlockoutInput, { permission: 'schedule.write' }),
  'clinic/update-blockout': channel<BlockoutDto>()(updateBlockoutInput, { permission: 'schedule.write' }),
  'clinic/remove-blockout': channel<null>()(removeBlockoutInput, { permission: 'schedule.write' }),
  'clinic/get-settings': channel<ClinicSettings>()(noInput, { permission: 'setup.read' }),
  'clinic/update-settings': channel<ClinicSettings>()(updateClinicSettingsInput, { permission: 'setup.manage' }),

  // Appointments (src-main/core/booking). Changes push `appointments/changed` after commit.
  'appointments/list-in-range': channel<AppointmentListItemDto[]>()(appointmentsInRangeInput, { permission: 'schedule.read' }),
  'appointments/list-for-day': channel<AppointmentListItemDto[]>()(listForDayInput, { permission: 'schedule.read' }),
  'appointments/get': channel<AppointmentDto>()(getAppointmentInput, { permission: 'schedule.read' }),
  'appointments/book': channel<AppointmentDto>()(bookInput, { permission: 'schedule.write' }),
  /** A care-team visit: one appointment per provider at the same time, all or none; the lead first. */
  'appointments/book-team': channel<AppointmentDto[]>()(bookTeamInput, { permission: 'schedule.write' }),
  'appointments/reschedule': channel<AppointmentDto>()(rescheduleInput, { permission: 'schedule.write' }),
  'appointments/cancel': channel<AppointmentDto>()(cancelInput, { permission: 'schedule.write' }),
  'appointments/confirm': channel<AppointmentDto>()(statusChangeInput, { permission: 'schedule.write' }),
  'appointments/check-in': channel<AppointmentDto>()(statusChangeInput, { permission: 'schedule.write' }),
  /** Arrived → with the provider: stamps the seated time; the visit stays checked in. */
  'appointments/seat': channel<AppointmentDto>()(statusChangeInput, { permission: 'schedule.write' }),
  'appointments/complete': channel<AppointmentDto>()(statusChangeInput, { permission: 'schedule.write' }),
  /** One location's waiting room for its local today (audited like a day view). */
  'appointments/waiting-room': channel<WaitingRoomDto>()(waitingRoomInput, { permission: 'schedule.read' }),
  'appointments/mark-no-show': channel<AppointmentDto>()(statusChangeInput, { permission: 'schedule.write' }),
  /** Undo from the message after a move, cancel or status change (same person, same desk, moments ago); through the guard. */
  'appointments/undo': channel<AppointmentDto>()(undoChangeInput, { permission: 'schedule.write' }),

  // Patients (src-main/core/patients). Opening a record or panel and every search (its result count, never its text) are audited.
  'patients/search': channel<PatientSearchResult>()(searchPatientsInput, { permission: 'patients.read' }),
  'patients/get': channel<Patient>()(patientIdInput, { permission: 'patients.read' }),
  'patients/get-panel': channel<PatientPanel>()(patientPanelInput, { permission: 'patients.read' }),
  /** DUPLICATE_PATIENT until the desk has seen the candidates and sends `confirmDuplicate: true`. */
  'patients/create': channel<Patient>()(createPatientInput, { permission: 'patients.write' }),
  /** CONFLICT when `expectedVersion` is not the record's (changed meanwhile) or another desk's edit waits for a choice. */
  'patients/update': channel<Patient>()(updatePatientInput, { permission: 'patients.write' }),
  /** One household: family listed together on each panel. */
  'patients/link-family': channel<Patient>()(linkFamilyInput, { permission: 'patients.write' }),
  'patients/unlink-family': channel<Patient>()(unlinkFamilyInput, { permission: 'patients.write' }),
  /** Two records of one person: chosen fields and every reference move to the kept one; the other becomes a tombstone. */
  'patients/merge': channel<Patient>()(mergePatientsInput, { permission: 'patients.merge' }),
  'patients/undo-merge': channel<Patient>()(undoMergeInput, { permission: 'patients.merge' }),
  /** Another desk's concurrent edit: keep this desk's values or theirs. */
  'patients/resolve-conflict': channel<Patient>()(resolvePatientConflictInput, { permission: 'patients.write' }),

  // Availability (src-main/core/availability): bookable times and why a time is not bookable. Read-only.
  'slots/find': channel<SlotSearchResult>()(findSlotsInput, { permission: 'schedule.read' }),
  'slots/next-available': channel<SlotSearchResult>()(nextAvailableInput, { permission: 'schedule.read' }),
  'slots/explain': channel<TimeExplanation>()(explainTimeInput, { permission: 'schedule.read' }),
  /** The types that fit at one time with one provider, the provider's most-booked first (a click on a free cell). */
  'slots/types-at': channel<TypesAtTime>()(typesAtTimeInput, { permission: 'schedule.read' }),

  // Calendar grid (src-main/core/calendar): visits, blockouts, open hours and reminder summaries of a range, in one read.
  /** The visits travel as columns (ipc/calendar-range-wire.ts); the page unpacks them to CalendarRangeDto. */
  'calendar/get-range': channel<CalendarRangeWire>()(calendarRangeInput, { permission: 'schedule.read' }),
  /** "Print day" on the schedule: the printed sheet is recorded in the audit trail (what was printed, never who was on it). */
  'calendar/record-print': channel<null>()(recordPrintInput, { permission: 'schedule.read' }),

  // Reminder status (src-main/core/reminders/queries.ts). Changes push `reminders/changed`.
  'reminders/list-for-appointment': channel<ReminderDto[]>()(remindersForAppointmentInput, { permission: 'schedule.read' }),
  'reminders/list-for-day': channel<ReminderDayItemDto[]>()(remindersForDayInput, { permission: 'schedule.read' }),
  // Reminder delivery (src-main/reminder-delivery sends, core/reminders holds the rows and rules). Secrets are write-only: only "set" comes back.
  /** A failed or skipped reminder goes out again (CONFLICT when the visit is cancelled or has started). */
  'reminders/resend': channel<ReminderDto>()(resendReminderInput, { permission: 'schedule.write' }),
  'reminders/get-delivery-settings': channel<ReminderDeliverySettingsDto>()(noInput, { permission: 'settings.manage' }),
  'reminders/update-delivery-settings': channel<ReminderDeliverySettingsDto>()(updateReminderDeliveryInput, { permission: 'settings.manage' }),
  /** The exact texts for a sample patient; VALIDATION at the field when a template is not neutral. */
  'reminders/preview-template': channel<ReminderPreviewDto>()(previewReminderInput, { permission: 'settings.manage' }),

  // Upstream sync (src-main/sync/status.ts). Changes push `sync/status`.
  'sync/get-status': channel<SyncStatusDto>()(noInput, { permission: 'schedule.read' }),
  // Clinic hub (src-main/sync): conflicts the hub refused, rows that kept failing, the connection.
  /** Visits the hub refused, with the competing time (never its patient) and free times to move to. */
  'sync/list-conflicts': channel<SyncConflictDto[]>()(noInput, { permission: 'sync.work' }),
  /** Rebook to a free time, cancel, or keep the hub's version. */
  'sync/resolve-conflict': channel<ConflictSettledDto>()(resolveConflictInput, { permission: 'sync.work' }),
  'sync/list-attention': channel<SyncAttentionDto[]>()(noInput, { permission: 'sync.work' }),
  /** A row that needs attention goes back in line. */
  'sync/retry': channel<null>()(outboxRowInput, { permission: 'sync.work' }),
  /** A row that needs attention is set aside (not sent); audited. */
  'sync/set-aside': channel<null>()(outboxRowInput, { permission: 'sync.work' }),
  'sync/get-hub-settings': channel<HubSettingsDto>()(noInput, { permission: 'settings.manage' }),
  /** Saves the connection (an empty address: no hub) and restarts sync with it. */
  'sync/set-hub-settings': channel<HubSettingsDto>()(hubConnectionInput, { permission: 'settings.manage' }),
  /** Connects with these settings without saving them: HUB_UNREACHABLE / HUB_REFUSED / UNSUPPORTED_VERSION, or ok. */
  'sync/test-hub': channel<{ ok: true }>()(hubConnectionInput, { permission: 'settings.manage' }),

  // ── Clinic hub enrollment and administration (src-main/app/hub-enrollment.ts) ──
  /** Joins the hub with an enrollment code made for this desk (checked first; VALIDATION at `code`); sync restarts. */
  'sync/join-hub': channel<HubSettingsDto>()(joinHubInput, { permission: 'settings.manage' }),
  /** Changes pulled from the hub that this desk would not apply, with why (Sync › needs attention). */
  'sync/list-quarantined': channel<SyncQuarantineDto[]>()(noInput, { permission: 'sync.work' }),
  'sync/dismiss-quarantined': channel<null>()(quarantineRowInput, { permission: 'sync.work' }),
  /** Staff and set-up changes the hub did not take, undone at this desk, with what and why in plain words. */
  'sync/list-undone': channel<SyncUndoneDto[]>()(noInput, { permission: 'sync.work' }),
  'sync/dismiss-undone': channel<null>()(undoneRowInput, { permission: 'sync.work' }),
  /** An overtaken staff change made again on top of the clinic's version (pushes `staff/changed`). */
  'sync/reapply-undone': channel<null>()(undoneRowInput, { permission: 'staff.manage' }),
  // Manager only (FORBIDDEN otherwise). The administrator address is used for the one call and never stored.
  /** Creates the hub or upgrades it in place (as npm run hub:init). */
  'hub-admin/set-up': channel<HubSetupDto>()(hubAdminInput, { permission: 'settings.manage' }),
  'hub-admin/list-desks': channel<HubDeskDto[]>()(hubAdminInput, { permission: 'settings.manage' }),
  /** A new desk login; its one-time enrollment code (holds the desk's password) is in the answer only. */
  'hub-admin/enroll-desk': channel<HubEnrollmentDto>()(enrollDeskInput, { permission: 'settings.manage' }),
  /** The desk can no longer log in; the hub refuses it from its next call. */
  'hub-admin/revoke-desk': channel<HubDeskDto>()(revokeDeskInput, { permission: 'settings.manage' }),
  // ── end clinic hub enrollment and administration ──
  // Providers' own calendars (CalDAV; src-main/sync/adapters/caldav): visits out, busy time in. The password is
  // write-only (null keeps the stored one). Status changes push `sync/status`; busy time changes `appointments/changed`.
  'provider-calendars/list': channel<ProviderCalendarDto[]>()(noInput, { permission: 'settings.manage' }),
  /** Checks the calendar answers to these credentials, then saves: CALENDAR_UNREACHABLE / CALENDAR_REFUSED / VALIDATION (url) otherwise, nothing saved. */
  'provider-calendars/save': channel<ProviderCalendarDto>()(providerCalendarInput, { permission: 'settings.manage' }),
  /** Checks without saving: the same errors as save, or ok. */
  'provider-calendars/test': channel<{ ok: true }>()(providerCalendarInput, { permission: 'settings.manage' }),
  /** Disconnects the provider's calendar (its events stay there; its busy time leaves the schedule). */
  'provider-calendars/remove': channel<null>()(providerCalendarIdInput, { permission: 'settings.manage' }),
  /** Reads busy time now and sends what waits. */
  'provider-calendars/refresh': channel<null>()(refreshCalendarsInput, { permission: 'sync.work' }),
  // The clinic's EHR over FHIR R4 (src-main/sync/adapters/fhir): visits out as Appointments, busy time and patients in.
  // Secrets are write-only (null keeps the stored one); status changes push `sync/status`.
  'ehr/get-settings': channel<EhrSettingsDto>()(noInput, { permission: 'settings.manage' }),
  /** Reads /metadata and signs in once, without saving: a report in plain words, or EHR_UNREACHABLE / EHR_REFUSED / VALIDATION. */
  'ehr/test': channel<EhrTestReportDto>()(ehrConnectionInput, { permission: 'settings.manage' }),
  /** Tests, then saves and restarts the EHR loop; nothing saved when the test fails. */
  'ehr/save': channel<EhrSettingsDto>()(ehrConnectionInput, { permission: 'settings.manage' }),
  'ehr/remove': channel<null>()(noInput, { permission: 'settings.manage' }),
  /** A new SMART Backend Services signing key for this desk; its public half is in the answer. */
  'ehr/make-key': channel<EhrSettingsDto>()(noInput, { permission: 'settings.manage' }),
  'ehr/list-mappings': channel<EhrMappingsDto>()(noInput, { permission: 'settings.manage' }),
  'ehr/save-mapping': channel<null>()(ehrMappingInput, { permission: 'settings.manage' }),
  /** Visits the EHR refused (conflicts, with its words) or that kept failing. */
  'ehr/list-problems': channel<EhrProblemDto[]>()(noInput, { permission: 'sync.work' }),
  'ehr/retry': channel<null>()(ehrVisitInput, { permission: 'sync.work' }),
  /** Sends what waits and reads the EHR's busy time now, whatever the mode. */
  'ehr/send-now': channel<null>()(noInput, { permission: 'sync.work' }),
  /** A day or range of visits as a FHIR transaction Bundle (JSON text) for EHRs that import files; audited. */
  'ehr/export-bundle': channel<{ fileName: string; text: string; visits: number }>()(ehrExportBundleInput, { permission: 'exports.run' }),
  /** Whether this desk has an EHR to look patients up in. */
  'ehr/available': channel<boolean>()(noInput, { permission: 'patients.read' }),
  /** Patients in the EHR by name and birth date (when the desk found nobody); audited with the count. */
  'ehr/find-patients': channel<EhrPatientMatchDto[]>()(ehrPatientLookupInput, { permission: 'patients.read' }),
  /** Imports an EHR patient as a local one linked to it. */
  'ehr/import-patient': channel<Patient>()(ehrPatientImportInput, { permission: 'patients.write' }),

  // ── Patient import (src-main/core/import, worker in src-main/app/import-*.ts) ──
  // The file goes up in chunks, is previewed and mapped, checked (dry run), then imported
  // in one transaction on a worker thread; `import/progress` is pushed meanwhile.
  'import/begin': channel<ImportUpload>()(beginImportInput, { permission: 'import.run' }),
  'import/append': channel<null>()(appendImportInput, { permission: 'import.run' }),
  'import/preview': channel<ImportPreview>()(uploadRefInput, { permission: 'import.run' }),
  'import/check': channel<ImportOutcome>()(checkImportInput, { permission: 'import.run' }),
  'import/run': channel<ImportOutcome>()(runImportInput, { permission: 'import.run' }),
  'import/cancel': channel<null>()(uploadRefInput, { permission: 'import.run' }),
  'import/report': channel<ImportReportChunk>()(importReportInput, { permission: 'import.run' }),
  'import/discard': channel<null>()(uploadRefInput, { permission: 'import.run' }),
  // ── end patient import ──

  // Blockouts drawn on the grid (src-main/core/clinic/blockout-series.ts): one or weekly repeats, all or none.
  // Edit and remove use 'clinic/update-blockout' and 'clinic/remove-blockout'. Pushes `clinic/changed`.
  'blockouts/create-series': channel<BlockoutDto[]>()(createBlockoutSeriesInput, { permission: 'schedule.write' }),

  // ── Back online (src-main/sync/engine.ts probes, src-main/app/sync-actions.ts) ──
  /** "Try now" in Sync: reach the hub at once instead of at the next probe; the status after the attempt. */
  'sync/try-now': channel<SyncStatusDto>()(noInput, { permission: 'sync.work' }),
  // ── end back online ──

  // ── Manager exports and reports (src-main/core/exports, core/reports, worker in src-main/app/export-*.ts) ──
  // Managers only (FORBIDDEN otherwise). A job runs on a worker thread and pushes `exports/progress`;
  // the finished file is read back in slices ('exports/read') and saved by the renderer, then discarded.
  'exports/run': channel<ExportOutcome>()(runExportInput, { permission: 'exports.run' }),
  'exports/cancel': channel<null>()(exportJobInput, { permission: 'exports.run' }),
  'exports/read': channel<ExportChunk>()(readExportInput, { permission: 'exports.run' }),
  'exports/discard': channel<null>()(exportJobInput, { permission: 'exports.run' }),
  /** Utilization, no-show and late-cancel rates, new patients per provider, per day and week; its CSV via 'exports/read'. */
  'reports/run': channel<ReportOutcome>()(runReportInput, { permission: 'reports.run' }),
  // ── end manager exports and reports ──

  // ── Desk lock (src-main/app/desk-lock.ts): locked = nobody signed in; then only `whileLocked` channels answer, the rest LOCKED ──
  'desk-lock/get-status': channel<DeskLockStatus>()(noInput, { permission: 'public', whileLocked: true }),
  /** The renderer saw pointer or key activity (sent at most every 30 s); resets the idle timer. */
  'desk-lock/report-activity': channel<null>()(noInput, { permission: 'public', whileLocked: true }),
  /** Ctrl+L, the padlock: signs the person out. */
  'desk-lock/lock': channel<DeskLockStatus>()(noInput, { permission: 'public', whileLocked: true }),
  'desk-lock/set-lock-after': channel<DeskLockStatus>()(setLockAfterInput, { permission: 'settings.manage' }),
  // ── end desk lock ──

  // ── People (src-main/core/staff, src-main/app/desk-lock.ts): the locked desk asks "Who is at the desk?" ──
  /** The lock screen's list of active staff (names and roles only; demo PINs on the demo clinic). */
  'sign-in/screen': channel<SignInScreenDto>()(noInput, { permission: 'public', whileLocked: true }),
  /** FORBIDDEN for a wrong PIN; LOCKED (details.retryAt) while that person's tries are refused. Audited either way. */
  'sign-in/sign-in': channel<SessionDto>()(signInInput, { permission: 'public', whileLocked: true }),
  /** Signs the person out and locks the desk (same as Ctrl+L); the next person signs in without a restart. */
  'sign-in/sign-out': channel<SessionDto>()(noInput, { permission: 'public', whileLocked: true }),
  /** Only while no active manager exists (new clinic, upgraded desk): creates one and signs them in. CONFLICT otherwise. */
  'sign-in/create-first-manager': channel<SessionDto>()(createFirstManagerInput, { permission: 'public', whileLocked: true }),
  'session/get': channel<SessionDto>()(noInput, { permission: 'public', whileLocked: true }),
  /** Needs the current PIN (wrong tries count like at sign-in). */
  'session/change-own-secret': channel<SessionDto>()(changeOwnSecretInput, { permission: 'signed-in' }),
  'staff/list': channel<StaffDto[]>()(noInput, { permission: 'staff.manage' }),
  'staff/create': channel<StaffDto>()(createStaffInput, { permission: 'staff.manage' }),
  /** Name or role; the last active manager keeps the manager role (CONFLICT). */
  'staff/update': channel<StaffDto>()(updateStaffInput, { permission: 'staff.manage' }),
  /** CONFLICT for the last active manager or oneself. */
  'staff/deactivate': channel<StaffDto>()(staffIdInput, { permission: 'staff.manage' }),
  'staff/reactivate': channel<StaffDto>()(staffIdInput, { permission: 'staff.manage' }),
  /** A new PIN chosen by a manager; clears the person's wrong tries. */
  'staff/reset-secret': channel<StaffDto>()(resetSecretInput, { permission: 'staff.manage' }),
  // Audit trail (src-main/core/audit): rows name the person and the device and are hash-chained per device.
  'audit/query': channel<AuditPageDto>()(auditQueryInput, { permission: 'audit.read' }),
  /** Walks every device's chain; reports the first broken link. */
  'audit/verify': channel<AuditVerifyDto>()(noInput, { permission: 'audit.read' }),
  /** The filtered rows as CSV in slices; the export itself is audited. */
  'audit/export-csv': channel<AuditCsvChunkDto>()(auditCsvInput, { permission: 'audit.read' }),
  /** "Access history" on a patient's panel: who viewed or changed this patient. */
  'audit/patient-access': channel<AuditPageDto>()(patientAccessInput, { permission: 'audit.read' }),
  /** How far the clinic hub holds this desk's trail and what waits to be sent (src-main/sync/audit-shipper.ts); changes push `sync/status`. */
  'audit/hub-status': channel<AuditHubStatusDto>()(noInput, { permission: 'sync.work' }),
  /** Compares the hub's copy of this desk's trail with the desk's own; HUB_UNREACHABLE while the hub is away. */
  'audit/check-hub-copy': channel<AuditHubCheckDto>()(noInput, { permission: 'audit.read' }),
  // ── end people ──

  // ── Backups and restore (src-main/app/backups.ts, src-main/core/backup): manager only ──
  // Also answered while the database is damaged (phase 'failed', DATABASE_DAMAGED), to restore or rebuild.
  // Changes push `backups/status`.
  'backups/get-status': channel<BackupStatusDto>()(noInput, { permission: 'signed-in' }),
  /** Folder, daily time, on/off. VALIDATION at `folder` (unreachable, not a whole path) or `passphrase` (not set yet). */
  'backups/update-settings': channel<BackupStatusDto>()(backupSettingsInput, { permission: 'backups.manage' }),
  /** Sets or replaces the recovery passphrase (never stored; older backups keep theirs). */
  'backups/set-passphrase': channel<BackupStatusDto>()(recoveryPassphraseInput, { permission: 'backups.manage' }),
  /** Backs up now and verifies; DISK_FULL / DISK_IO / DATABASE_READ_ONLY about the backup folder. */
  'backups/run-now': channel<BackupFileDto>()(noInput, { permission: 'backups.manage' }),
  'backups/list': channel<BackupFileDto[]>()(listBackupsInput, { permission: 'backups.manage' }),
  /** Opens a backup with the passphrase and says what it holds; nothing changes yet. */
  'backups/preview-restore': channel<BackupPreviewDto>()(previewRestoreInput, { permission: 'backups.manage' }),
  /** Restores the previewed backup; the current database is kept aside. */
  'backups/restore': channel<RestoreOutcomeDto>()(restoreInput, { permission: 'backups.manage' }),
  /** A damaged desk starts again from the clinic hub; the damaged file is kept aside. */
  'backups/rebuild-from-hub': channel<RestoreOutcomeDto>()(noInput, { permission: 'backups.manage' }),
  // ── end backups ──

  // Waitlist and recurring visits (src-shared/contract-lists.ts).
  ...listChannels,
} satisfies ChannelTable;

export const events = {
  'app/status': event<AppStatus>({ heldWhileLocked: false }),
  'demo/progress': event<DemoProgress>({ heldWhileLocked: false }),
  'updates/status': event<UpdateStatus>({ heldWhileLocked: false }),
  'appointments/changed': event<AppointmentsChanged>({ heldWhileLocked: true }),
  'clinic/changed': event<ClinicChanged>({ heldWhileLocked: true }),
  'reminders/changed': event<RemindersChanged>({ heldWhileLocked: true }),
  /** Counts only. */
  'sync/status': event<SyncStatus>({ heldWhileLocked: false }),
  /** Patient records that arrived from other desks through the hub: an open patient panel refreshes. */
  'patients/changed': event<PatientsChanged>({ heldWhileLocked: true }),
  /** Patient import: progress of a check or import; counts only. */
  'import/progress': event<ImportProgress>({ heldWhileLocked: false }),
  /** Exports and reports: progress of a running job; counts only. */
  'exports/progress': event<ExportProgress>({ heldWhileLocked: false }),
  /** Desk lock (src-main/app/desk-lock.ts): locked or not, lock timing; nobody's PIN. */
  'desk-lock/changed': event<DeskLockStatus>({ heldWhileLocked: false }),
  /** Who is signed in (nobody once the desk locks); the lock screen and the top bar follow it. */
  'session/changed': event<SessionDto>({ heldWhileLocked: false }),
  /** Staff accounts changed (ids only): the staff list and the lock screen's names refresh. */
  'staff/changed': event<{ staffIds: string[] }>({ heldWhileLocked: false }),
  /** Backups: a backup started or ended, settings changed, the database check ran. No patient data. */
  'backups/status': event<BackupStatusDto>({ heldWhileLocked: false }),
  ...listEvents,
} satisfies EventTable;

type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = InputOf<Contract[C]>;
export type ChannelParsed<C extends ChannelName> = ParsedOf<Contract[C]>;
export type ChannelOutput<C extends ChannelName> = OutputOf<Contract[C]>;

type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = PayloadOf<Events[E]>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
