import type { AppointmentTypeDto, LocationDto, ProviderDto, RoomDto } from '@shared/domain/clinic';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { timeFormatter, type TimeFormatter } from '@shared/time';
import { liveQuery, useLiveQuery } from '../api';
import { notifyError } from './notices';

/**
 * The clinic set-up (locations, rooms, providers, types, settings): one live
 * query for every screen, read on first use and again on every `clinic/changed`
 * from then on (the shell shows something that needs it all the time).
 */
export const clinicSetup = liveQuery('clinic/get-setup', { refreshOn: { 'clinic/changed': true }, onError: notifyError, keepFollowing: true });

/** The set-up, read first if it has not been yet. */
export async function ensureClinicSetup(): Promise<ClinicSetupDto | null> {
  await clinicSetup.setInput({});
  return clinicSetup.getState().data;
}

/** Reads the set-up again now (after this desk saved a change, so the form shows it at once). */
export async function reloadClinicSetup(): Promise<ClinicSetupDto | null> {
  await clinicSetup.reload();
  return clinicSetup.getState().data;
}

export const currentSetup = (): ClinicSetupDto | null => clinicSetup.getState().data;

/** Selects from the set-up in a component (null until it is read). */
export const useClinicSetup = <U>(select: (setup: ClinicSetupDto | null) => U): U => useLiveQuery(clinicSetup, (s) => select(s.data));

export const providerById = (setup: ClinicSetupDto | null, id: string): ProviderDto | undefined =>
  setup?.providers.find((p) => p.id === id);
export const typeById = (setup: ClinicSetupDto | null, id: string): AppointmentTypeDto | undefined =>
  setup?.appointmentTypes.find((t) => t.id === id);
export const locationById = (setup: ClinicSetupDto | null, id: string): LocationDto | undefined =>
  setup?.locations.find((l) => l.id === id);
export const roomById = (setup: ClinicSetupDto | null, id: string): RoomDto | undefined =>
  setup?.rooms.find((r) => r.id === id);

/** Whether the clinic's locations lie in more than one zone: then every time shown says which. */
const spansZones = (setup: ClinicSetupDto | null): boolean => new Set(setup?.locations.map((l) => l.zone)).size > 1;
const formatterOf = (setup: ClinicSetupDto | null): TimeFormatter =>
  timeFormatter(setup?.settings.timeFormat ?? '12h', setup?.settings.dateOrder ?? 'MDY', spansZones(setup));
/**
 * Dates and times in the clinic's 12/24-hour format and date order, zones named when the clinic
 * spans zones, for a component (re-renders when a setting changes).
 */
export const useTimeFormatter = (): TimeFormatter => useClinicSetup(formatterOf);
/** The same, outside components (messages composed by stores). */
export const currentTimeFormatter = (): TimeFormatter => formatterOf(currentSetup());
