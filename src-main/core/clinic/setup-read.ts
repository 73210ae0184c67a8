import type { ClinicSetupDto } from '@shared/domain/setup';
import type { ReadDb } from '../db/open';
import { listAppointmentTypes } from './appointment-types';
import { listLocations } from './locations';
import { listProviders } from './providers';
import { listRooms } from './rooms';
import { getClinicSettings } from './settings';

/** The whole set-up every screen reads at once: locations, rooms, providers, types and settings. */
export function readClinicSetup(db: ReadDb): ClinicSetupDto {
  return {
    locations: listLocations(db),
    rooms: listRooms(db),
    providers: listProviders(db),
    appointmentTypes: listAppointmentTypes(db),
    settings: getClinicSettings(db),
  };
}
