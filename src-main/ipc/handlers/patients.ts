import { auditSearch } from '../../core/audit';
import { getClinicSettings } from '../../core/clinic';
import * as patients from '../../core/patients';
import type { AppHandlers } from './context';
import type { AppServices } from '../../app/services';
import type { PatientId } from '@shared/domain/ids';
import type { Patient } from '@shared/domain/patients';

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
  'patients/update': (input, { services }) => announce(services, patients.updatePatient(services.core(), input)),
  'patients/link-family': (input, { services }) => {
    const p = patients.linkFamily(services.core(), input);
    return announce(services, p, patients.getPatientHousehold(services.core().db, p.id));
  },
  'patients/unlink-family': (input, { services }) => {
    const before = patients.getPatientHousehold(services.core().db, input.patientId);
    return announce(services, patients.unlinkFamily(services.core(), input), before);
  },
  'patients/merge': (input, { services }) => {
    const r = patients.mergePatients(services.core(), input);
    return announceMerge(services, r, input.mergeId);
  },
  'patients/undo-merge': (input, { services }) => {
    const r = patients.undoMerge(services.core(), input);
    return announceMerge(services, r, input.mergedId);
  },
  'patients/resolve-conflict': (input, { services }) => announce(services, patients.resolvePatientConflict(services.core(), input)),
};

/** After a committed change: open panels (this and other windows) re-read, and the outbox goes out now. */
function announce(services: AppServices, p: Patient, others: readonly string[] = []): Patient {
  services.events.emit('patients/changed', { patientIds: [p.id, ...others] as PatientId[] });
  services.sync.kick();
  return p;
}

function announceMerge(services: AppServices, r: patients.MergeResult, otherId: string): Patient {
  const ctx = services.core();
  const visits = patients.patientVisitsEvent(ctx.db, [r.patient.id]);
  if (visits) ctx.events.emit('appointments/changed', visits);
  return announce(services, r.patient, [otherId]);
}
