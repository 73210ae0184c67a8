import * as patients from '../../core/patients';
import type { AppHandlers } from './context';

export const patientHandlers: AppHandlers<'patients'> = {
  'patients/search': (input, { services }) => patients.searchPatients(services.core(), input),
  'patients/get': (input, { services }) => patients.getPatient(services.core(), input),
  'patients/get-panel': (input, { services }) => patients.getPatientPanel(services.core(), input),
  'patients/create': (input, { services }) => patients.createPatient(services.core(), input),
  'patients/update': (input, { services }) => patients.updatePatient(services.core(), input),
};
