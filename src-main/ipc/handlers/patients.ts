import { auditSearch } from '../../core/audit';
import { getClinicSettings } from '../../core/clinic';
import * as patients from '../../core/patients';
import type { AppHandlers } from './context';

export const patientHandlers: AppHandlers<'patients'> = {
  // Audited as a fact (how many it found), never with the text typed. Dates with slashes are read in the clinic's date order.
  'patients/search': (input, { services }) => {
    const ctx = services.core();
    const found = patients.searchPatients(ctx, input, { dateOrder: getClinicSettings(ctx.db).dateOrder });
    auditSearch(ctx, found);
    return found;
  },
  'patients/get': (input, { services }) => patients.getPatient(services.core(), input),
  'patients/get-panel': (input, { services }) => patients.getPatientPanel(services.core(), input),
  'patients/create': (input, { services }) => patients.createPatient(services.core(), input),
  'patients/update': (input, { services }) => patients.updatePatient(services.core(), input),
};
