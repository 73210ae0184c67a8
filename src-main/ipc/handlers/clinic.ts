import * as clinic from '../../core/clinic';
import type { AppHandlers } from './context';

/** Clinic set-up: reads take the connection, changes the full context (audit, outbox, events). */
export const clinicHandlers: AppHandlers<'clinic'> = {
  'clinic/get-setup': (_input, { services }) => clinic.readClinicSetup(services.core().db),
  'clinic/list-locations': (_input, { services }) => clinic.listLocations(services.core().db),
  'clinic/create-location': (input, { services }) => clinic.createLocation(services.core(), input),
  'clinic/update-location': (input, { services }) => clinic.updateLocation(services.core(), input),
  'clinic/list-rooms': ({ locationId }, { services }) => clinic.listRooms(services.core().db, locationId),
  'clinic/create-room': (input, { services }) => clinic.createRoom(services.core(), input),
  'clinic/update-room': (input, { services }) => clinic.updateRoom(services.core(), input),
  'clinic/list-providers': (input, { services }) => clinic.listProviders(services.core().db, input),
  'clinic/create-provider': (input, { services }) => clinic.createProvider(services.core(), input),
  'clinic/update-provider': (input, { services }) => clinic.updateProvider(services.core(), input),
  'clinic/list-appointment-types': (input, { services }) => clinic.listAppointmentTypes(services.core().db, input),
  'clinic/create-appointment-type': (input, { services }) => clinic.createAppointmentType(services.core(), input),
  'clinic/update-appointment-type': (input, { services }) => clinic.updateAppointmentType(services.core(), input),
  'clinic/list-opening-hours': ({ providerId, locationId }, { services }) =>
    clinic.listOpeningHours(services.core().db, providerId, locationId),
  'clinic/add-opening-hours': (input, { services }) => clinic.addOpeningHours(services.core(), input),
  'clinic/update-opening-hours': (input, { services }) => clinic.updateOpeningHours(services.core(), input),
  'clinic/remove-opening-hours': (input, { services }) => {
    clinic.removeOpeningHours(services.core(), input);
    return null;
  },
  'clinic/list-hours-overrides': ({ providerId, locationId, ...range }, { services }) =>
    clinic.listHoursOverrides(services.core().db, providerId, locationId, range),
  'clinic/set-hours-override': (input, { services }) => clinic.setHoursOverride(services.core(), input),
  'clinic/remove-hours-override': (input, { services }) => {
    clinic.removeHoursOverride(services.core(), input);
    return null;
  },
  'clinic/list-blockouts': (input, { services }) => clinic.listBlockoutsInRange(services.core().db, input),
  'clinic/create-blockout': (input, { services }) => clinic.createBlockout(services.core(), input),
  'clinic/update-blockout': (input, { services }) => clinic.updateBlockout(services.core(), input),
  'clinic/remove-blockout': (input, { services }) => {
    clinic.removeBlockout(services.core(), input);
    return null;
  },
  'clinic/get-settings': (_input, { services }) => clinic.getClinicSettings(services.core().db),
  'clinic/update-settings': (input, { services }) => clinic.updateClinicSettings(services.core(), input),
};
