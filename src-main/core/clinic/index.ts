/** Clinic set-up: locations, rooms, providers, appointment types, hours, blockouts, settings. */
export { createLocation, updateLocation, getLocation, listLocations } from './locations';
export { createRoom, updateRoom, getRoom, listRooms } from './rooms';
export { createProvider, updateProvider, getProvider, listProviders } from './providers';
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
  getOpeningHours,
  listOpeningHours,
  setHoursOverride,
  removeHoursOverride,
  listHoursOverrides,
  loadLocationHours,
} from './hours';
export { createBlockout, updateBlockout, removeBlockout, getBlockout, listBlockoutsInRange } from './blockouts';
export { createBlockoutSeries } from './blockout-series';
export { getClinicSettings, updateClinicSettings, ensureDeviceId } from './settings';
export { listAppointmentsInRange } from './grid';
export { readClinicSetup } from './setup-read';
