/** Clinic set-up: locations, rooms, providers, appointment types, hours, blockouts, settings. */
export { createLocation, updateLocation, listLocations } from './locations';
export { createRoom, updateRoom, listRooms } from './rooms';
export { createProvider, updateProvider, listProviders } from './providers';
export {
  createAppointmentType,
  updateAppointmentType,
  getAppointmentType,
  listAppointmentTypes,
} from './appointment-types';
export {
  addOpeningHours,
  updateOpeningHours,
  removeOpeningHours,
  listOpeningHours,
  setHoursOverride,
  removeHoursOverride,
  listHoursOverrides,
  loadLocationHours,
} from './hours';
export { createBlockout, updateBlockout, removeBlockout, listBlockoutsInRange, blockoutGivenBack } from './blockouts';
export { createBlockoutSeries } from './blockout-series';
export { getClinicSettings, updateClinicSettings, ensureDeviceId } from './settings';
export { readClinicSetup } from './setup-read';
