import { ehrSettingsOf, listEhrProblems, makeEhrKey, removeEhr, retryEhrVisit, saveEhrConnection, testEhrConnection, type EhrServices } from '../../app/ehr-connection';
import { listEhrMappings, saveEhrMapping } from '../../app/ehr-mappings';
import { findEhrPatients, importEhrPatient } from '../../app/ehr-patients';
import { exportEhrBundle } from '../../app/ehr-export';
import type { AppServices } from '../../app/services';
import { hasEhrConnection } from '../../sync/adapters/fhir/store';
import type { ProviderId } from '@shared/domain/ids';
import type { AppHandlers } from './context';

/** The clinic's EHR (FHIR R4) in the Sync section, and patient look-ups there from the desk. */
const ehrServices = (services: AppServices): EhrServices => ({
  core: () => services.core(),
  ehr: services.ehr,
  onBusyChanged: (providerIds) =>
    services.events.emit('appointments/changed', { operation: 'ehr.busy', appointmentIds: [], providerIds: providerIds as ProviderId[], locationIds: [], dates: [] }),
});

export const ehrHandlers: AppHandlers<'ehr'> = {
  'ehr/get-settings': (_input, { services }) => ehrSettingsOf(services.core()),
  'ehr/test': (input, { services }) => testEhrConnection(services.core().db, input),
  'ehr/save': (input, { services }) => saveEhrConnection(ehrServices(services), input),
  'ehr/remove': (_input, { services }) => removeEhr(ehrServices(services)),
  'ehr/make-key': (_input, { services }) => makeEhrKey(ehrServices(services)),
  'ehr/list-mappings': (_input, { services }) => listEhrMappings(services.core()),
  'ehr/save-mapping': (input, { services }) => saveEhrMapping(ehrServices(services), input),
  'ehr/list-problems': (_input, { services }) => listEhrProblems(services.core().db),
  'ehr/retry': (input, { services }) => retryEhrVisit(ehrServices(services), input.appointmentId),
  'ehr/send-now': (_input, { services }) => {
    services.ehr.start(); // idempotent: an EHR connected at another moment starts the loop
    services.ehr.refresh();
    return null;
  },
  'ehr/export-bundle': (input, { services }) => exportEhrBundle(services.core(), input),
  'ehr/available': (_input, { services }) => hasEhrConnection(services.core().db),
  'ehr/find-patients': (input, { services }) => findEhrPatients(services.core(), input),
  'ehr/import-patient': (input, { services }) => importEhrPatient(services.core(), input),
};
