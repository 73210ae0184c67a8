/**
 * The one IPC contract both sides compile against (DESIGN.md habits 1–4).
 *
 * Channels are `'domain/verb'` → zod input schema + output type. Main parses
 * every input with its schema before a service sees it and answers with a
 * `Result<Output>` (src-shared/domain/errors.ts). Events are pushed by main
 * after a change has committed and carry no patient data.
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
import type { HubDeskDto, HubEnrollmentDto, HubSettingsDto, HubSetupDto, SyncAttentionDto, SyncConflictDto, SyncQuarantineDto } from './domain/sync';
import { enrollDeskInput, hubAdminInput, hubConnectionInput, joinHubInput, outboxRowInput, quarantineRowInput, resolveConflictInput, revokeDeskInput } from './schemas/sync';
import type { ProviderCalendarDto } from './domain/calendars';
import { providerCalendarIdInput, providerCalendarInput, refreshCalendarsInput } from './schemas/calendars';
import { channel, event, type ChannelTable, type EventTable, type InputOf, type OutputOf, type ParsedOf, type PayloadOf } from './ipc/define';
import type { Patient, PatientPanel, PatientSearchResult } from './domain/patients';
import type { ClinicSetupDto } from './domain/setup';
import type { SlotSearchResult, TimeExplanation } from './domain/availability';
import { explainTimeInput, findSlotsInput, nextAvailableInput } from './schemas/slots';
import type { CalendarRangeDto, ReminderDayItemDto, ReminderDto, SyncStatusDto } from './domain/calendar';
import { calendarRangeInput, remindersForAppointmentInput, remindersForDayInput } from './schemas/calendar';
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
import { createPatientInput, patientIdInput, patientPanelInput, searchPatientsInput, updatePatientInput } from './schemas/patients';
import { activeOnlyInput, listHoursOverridesInput, listOpeningHoursInput, listRoomsInput } from './schemas/queries';
import type { ImportOutcome, ImportPreview, ImportProgress, ImportReportChunk, ImportUpload } from './domain/import';
import { appendImportInput, beginImportInput, checkImportInput, importReportInput, runImportInput, uploadRefInput } from './schemas/import';
import { createBlockoutSeriesInput } from './schemas/blockout-series';
import { chooseStartInput } from './schemas/first-run';
import type { ExportChunk, ExportOutcome, ExportProgress, ReportOutcome, WorkstationAccess } from './domain/exports';
import { exportJobInput, readExportInput, runExportInput, runReportInput, setRoleInput } from './schemas/exports';
import type { DeskLockStatus } from './domain/desk-lock';
import { setLockAfterInput, setPasscodeInput, unlockInput } from './schemas/desk-lock';

export const contract = {
  // App lifecycle: answered even while the first-start demo is being built.
  'app/get-status': channel<AppStatus>()(noInput),
  /** The renderer reports open booking dialogs so an update never restarts the app under someone. */
  'app/set-booking-open': channel<null>()(setBookingOpenInput),
  /** First run (issue 8): start with the demo clinic or an empty one; only while the phase is 'choosing'. */
  'app/choose-start': channel<AppStatus>()(chooseStartInput),
  /** Rebuilds the demo clinic from scratch (FORBIDDEN for a real clinic); answers once it is ready again. */
  'app/reset-demo': channel<AppStatus>()(noInput),
  'updates/get-status': channel<UpdateStatus>()(noInput),
  /** Restart now to install a downloaded update; refused (LOCKED) while a booking dialog is open. */
  'updates/restart': channel<null>()(noInput),

  // Clinic set-up (src-main/core/clinic). Changes push `clinic/changed`.
  'clinic/get-setup': channel<ClinicSetupDto>()(noInput),
  'clinic/list-locations': channel<LocationDto[]>()(noInput),
  'clinic/create-location': channel<LocationDto>()(createLocationInput),
  'clinic/update-location': channel<LocationDto>()(updateLocationInput),
  'clinic/list-rooms': channel<RoomDto[]>()(listRoomsInput),
  'clinic/create-room': channel<RoomDto>()(createRoomInput),
  'clinic/update-room': channel<RoomDto>()(updateRoomInput),
  'clinic/list-providers': channel<ProviderDto[]>()(activeOnlyInput),
  'clinic/create-provider': channel<ProviderDto>()(createProviderInput),
  'clinic/update-provider': channel<ProviderDto>()(updateProviderInput),
  'clinic/list-appointment-types': channel<AppointmentTypeDto[]>()(activeOnlyInput),
  'clinic/create-appointment-type': channel<AppointmentTypeDto>()(createAppointmentTypeInput),
  'clinic/update-appointment-type': channel<AppointmentTypeDto>()(updateAppointmentTypeInput),
  'clinic/list-opening-hours': channel<OpeningHoursRuleDto[]>()(listOpeningHoursInput),
  'clinic/add-opening-hours': channel<OpeningHoursRuleDto>()(createOpeningHoursInput),
  'clinic/update-opening-hours': channel<OpeningHoursRuleDto>()(updateOpeningHoursInput),
  'clinic/remove-opening-hours': channel<null>()(removeOpeningHoursInput),
  'clinic/list-hours-overrides': channel<HoursOverrideDto[]>()(listHoursOverridesInput),
  'clinic/set-hours-override': channel<HoursOverrideDto>()(setHoursOverrideInput),
  'clinic/remove-hours-override': channel<null>()(removeHoursOverrideInput),
  'clinic/list-blockouts': channel<BlockoutDto[]>()(blockoutsInRangeInput),
  'clinic/create-blockout': channel<BlockoutDto>()(createBlockoutInput),
  'clinic/update-blockout': channel<BlockoutDto>()(updateBlockoutInput),
  'clinic/remove-blockout': channel<null>()(removeBlockoutInput),
  'clinic/get-settings': channel<ClinicSettings>()(noInput),
  'clinic/update-settings': channel<ClinicSettings>()(updateClinicSettingsInput),

  // Appointments (src-main/core/booking). Changes push `appointments/changed` after commit.
  'appointments/list-in-range': channel<AppointmentListItemDto[]>()(appointmentsInRangeInput),
  'appointments/list-for-day': channel<AppointmentListItemDto[]>()(listForDayInput),
  'appointments/get': channel<AppointmentDto>()(getAppointmentInput),
  'appointments/book': channel<AppointmentDto>()(bookInput),
  /** A care-team visit: one appointment per provider at the same time, all or none; the lead first. */
  'appointments/book-team': channel<AppointmentDto[]>()(bookTeamInput),
  'appointments/reschedule': channel<AppointmentDto>()(rescheduleInput),
  'appointments/cancel': channel<AppointmentDto>()(cancelInput),
  'appointments/confirm': channel<AppointmentDto>()(statusChangeInput),
  'appointments/check-in': channel<AppointmentDto>()(statusChangeInput),
  'appointments/complete': channel<AppointmentDto>()(statusChangeInput),
  'appointments/mark-no-show': channel<AppointmentDto>()(statusChangeInput),

  // Patients (src-main/core/patients). Opening a record is audited; search is not.
  'patients/search': channel<PatientSearchResult>()(searchPatientsInput),
  'patients/get': channel<Patient>()(patientIdInput),
  'patients/get-panel': channel<PatientPanel>()(patientPanelInput),
  /** DUPLICATE_PATIENT until the desk has seen the candidates and sends `confirmDuplicate: true`. */
  'patients/create': channel<Patient>()(createPatientInput),
  'patients/update': channel<Patient>()(updatePatientInput),

  // Availability (src-main/core/availability): bookable times and why a time is not bookable. Read-only.
  'slots/find': channel<SlotSearchResult>()(findSlotsInput),
  'slots/next-available': channel<SlotSearchResult>()(nextAvailableInput),
  'slots/explain': channel<TimeExplanation>()(explainTimeInput),

  // Calendar grid (src-main/core/calendar): visits, blockouts, open hours and reminder summaries of a range, in one read.
  'calendar/get-range': channel<CalendarRangeDto>()(calendarRangeInput),

  // Reminder status (src-main/core/reminders/queries.ts). Changes push `reminders/changed`.
  'reminders/list-for-appointment': channel<ReminderDto[]>()(remindersForAppointmentInput),
  'reminders/list-for-day': channel<ReminderDayItemDto[]>()(remindersForDayInput),
  // Reminder delivery (issue 6; src-main/reminders runner, core/reminders rules). Secrets are write-only: only "set" comes back.
  /** A failed or skipped reminder goes out again (CONFLICT when the visit is cancelled or has started). */
  'reminders/resend': channel<ReminderDto>()(resendReminderInput),
  'reminders/get-delivery-settings': channel<ReminderDeliverySettingsDto>()(noInput),
  'reminders/update-delivery-settings': channel<ReminderDeliverySettingsDto>()(updateReminderDeliveryInput),
  /** The exact texts for a sample patient; VALIDATION at the field when a template is not neutral. */
  'reminders/preview-template': channel<ReminderPreviewDto>()(previewReminderInput),

  // Upstream sync (src-main/sync/status.ts). Changes push `sync/status`.
  'sync/get-status': channel<SyncStatusDto>()(noInput),
  // Clinic hub (issue 5; src-main/sync): conflicts the hub refused, rows that kept failing, the connection.
  /** Visits the hub refused, with the competing time (never its patient) and free times to move to. */
  'sync/list-conflicts': channel<SyncConflictDto[]>()(noInput),
  /** Rebook to a free time, cancel, or keep the hub's version. */
  'sync/resolve-conflict': channel<AppointmentDto>()(resolveConflictInput),
  'sync/list-attention': channel<SyncAttentionDto[]>()(noInput),
  /** A row that needs attention goes back in line. */
  'sync/retry': channel<null>()(outboxRowInput),
  /** A row that needs attention is set aside (not sent); audited. */
  'sync/set-aside': channel<null>()(outboxRowInput),
  'sync/get-hub-settings': channel<HubSettingsDto>()(noInput),
  /** Saves the connection (an empty address: no hub) and restarts sync with it. */
  'sync/set-hub-settings': channel<HubSettingsDto>()(hubConnectionInput),
  /** Connects with these settings without saving them: HUB_UNREACHABLE / HUB_REFUSED / UNSUPPORTED_VERSION, or ok. */
  'sync/test-hub': channel<{ ok: true }>()(hubConnectionInput),

  // ── Clinic hub enrollment and administration (src-main/app/hub-enrollment.ts) ──
  /** Joins the hub with an enrollment code made for this desk (checked first; VALIDATION at `code`); sync restarts. */
  'sync/join-hub': channel<HubSettingsDto>()(joinHubInput),
  /** Changes pulled from the hub that this desk would not apply, with why (Sync › needs attention). */
  'sync/list-quarantined': channel<SyncQuarantineDto[]>()(noInput),
  'sync/dismiss-quarantined': channel<null>()(quarantineRowInput),
  // Manager only (FORBIDDEN otherwise). The administrator address is used for the one call and never stored.
  /** Creates the hub or upgrades it in place (as npm run hub:init). */
  'hub-admin/set-up': channel<HubSetupDto>()(hubAdminInput),
  'hub-admin/list-desks': channel<HubDeskDto[]>()(hubAdminInput),
  /** A new desk login; its one-time enrollment code (holds the desk's password) is in the answer only. */
  'hub-admin/enroll-desk': channel<HubEnrollmentDto>()(enrollDeskInput),
  /** The desk can no longer log in; the hub refuses it from its next call. */
  'hub-admin/revoke-desk': channel<HubDeskDto>()(revokeDeskInput),
  // ── end clinic hub enrollment and administration ──
  // Providers' own calendars (CalDAV; src-main/sync/adapters/caldav): visits out, busy time in. The password is
  // write-only (null keeps the stored one). Status changes push `sync/status`; busy time changes `appointments/changed`.
  'calendars/list': channel<ProviderCalendarDto[]>()(noInput),
  /** Checks the calendar answers to these credentials, then saves: CALENDAR_UNREACHABLE / CALENDAR_REFUSED / VALIDATION (url) otherwise, nothing saved. */
  'calendars/save': channel<ProviderCalendarDto>()(providerCalendarInput),
  /** Checks without saving: the same errors as save, or ok. */
  'calendars/test': channel<{ ok: true }>()(providerCalendarInput),
  /** Disconnects the provider's calendar (its events stay there; its busy time leaves the schedule). */
  'calendars/remove': channel<null>()(providerCalendarIdInput),
  /** Reads busy time now and sends what waits. */
  'calendars/refresh': channel<null>()(refreshCalendarsInput),

  // ── Patient import (issue 8; src-main/core/import, worker in src-main/app/import-*.ts) ──
  // The file goes up in chunks, is previewed and mapped, checked (dry run), then imported
  // in one transaction on a worker thread; `import/progress` is pushed meanwhile.
  'import/begin': channel<ImportUpload>()(beginImportInput),
  'import/append': channel<null>()(appendImportInput),
  'import/preview': channel<ImportPreview>()(uploadRefInput),
  'import/check': channel<ImportOutcome>()(checkImportInput),
  'import/run': channel<ImportOutcome>()(runImportInput),
  'import/cancel': channel<null>()(uploadRefInput),
  'import/report': channel<ImportReportChunk>()(importReportInput),
  'import/discard': channel<null>()(uploadRefInput),
  // ── end patient import ──

  // Blockouts drawn on the grid (issue 8; src-main/core/clinic/blockout-series.ts): one or weekly repeats, all or none.
  // Edit and remove use 'clinic/update-blockout' and 'clinic/remove-blockout'. Pushes `clinic/changed`.
  'blockouts/create-series': channel<BlockoutDto[]>()(createBlockoutSeriesInput),

  // ── Manager exports and reports (issue 7; src-main/core/exports, core/reports, worker in src-main/app/export-*.ts) ──
  // Manager role only (FORBIDDEN otherwise). A job runs on a worker thread and pushes `exports/progress`;
  // the finished file is read back in slices ('exports/read') and saved by the renderer, then discarded.
  'exports/get-access': channel<WorkstationAccess>()(noInput),
  /** The workstation's role until sign-in exists; audited. */
  'exports/set-role': channel<WorkstationAccess>()(setRoleInput),
  'exports/run': channel<ExportOutcome>()(runExportInput),
  'exports/cancel': channel<null>()(exportJobInput),
  'exports/read': channel<ExportChunk>()(readExportInput),
  'exports/discard': channel<null>()(exportJobInput),
  /** Utilization, no-show and late-cancel rates, new patients per provider, per day and week; its CSV via 'exports/read'. */
  'reports/run': channel<ReportOutcome>()(runReportInput),
  // ── end manager exports and reports ──

  // ── Desk lock (src-main/app/desk-lock.ts): while locked only these and 'app/get-status' answer; the rest LOCKED ──
  'desk-lock/get-status': channel<DeskLockStatus>()(noInput),
  /** The renderer saw pointer or key activity (sent at most every 30 s); resets the idle timer. */
  'desk-lock/report-activity': channel<null>()(noInput),
  'desk-lock/lock': channel<DeskLockStatus>()(noInput),
  /** FORBIDDEN for a wrong passcode; LOCKED (details.retryAt) while tries are refused after 5 wrong ones. */
  'desk-lock/unlock': channel<DeskLockStatus>()(unlockInput),
  /** Sets the desk passcode (stored as a scrypt hash); changing it needs the current one. Audited. */
  'desk-lock/set-passcode': channel<DeskLockStatus>()(setPasscodeInput),
  'desk-lock/set-lock-after': channel<DeskLockStatus>()(setLockAfterInput),
  // ── end desk lock ──
} satisfies ChannelTable;

export const events = {
  'app/status': event<AppStatus>(),
  'demo/progress': event<DemoProgress>(),
  'updates/status': event<UpdateStatus>(),
  'appointments/changed': event<AppointmentsChanged>(),
  'clinic/changed': event<ClinicChanged>(),
  'reminders/changed': event<RemindersChanged>(),
  'sync/status': event<SyncStatus>(),
  /** Patient records that arrived from other desks through the hub: an open patient panel refreshes. */
  'patients/changed': event<PatientsChanged>(),
  /** Patient import (issue 8): progress of a check or import; counts only. */
  'import/progress': event<ImportProgress>(),
  /** Exports and reports (issue 7): progress of a running job; counts only. */
  'exports/progress': event<ExportProgress>(),
  /** Desk lock (src-main/app/desk-lock.ts): locked or unlocked, passcode set or not; never the passcode. */
  'desk-lock/changed': event<DeskLockStatus>(),
} satisfies EventTable;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = InputOf<Contract[C]>;
export type ChannelParsed<C extends ChannelName> = ParsedOf<Contract[C]>;
export type ChannelOutput<C extends ChannelName> = OutputOf<Contract[C]>;

export type Events = typeof events;
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
