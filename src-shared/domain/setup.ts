import type { AppointmentTypeDto, ClinicSettings, LocationDto, ProviderDto, RoomDto } from './clinic';

/** The whole clinic set-up in one answer: what the grid, filters and forms need to start. */
export interface ClinicSetupDto {
  locations: LocationDto[];
  rooms: RoomDto[];
  providers: ProviderDto[];
  appointmentTypes: AppointmentTypeDto[];
  settings: ClinicSettings;
}
