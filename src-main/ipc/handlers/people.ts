import type { StaffId } from '@shared/domain/ids';
import type { AppServices } from '../../app/services';
import {
  createStaff,
  deactivateStaff,
  listStaff,
  reactivateStaff,
  resetStaffSecret,
  signInScreen,
  updateStaff,
} from '../../core/staff';
import { auditCsvChunk, patientAccess, queryAudit, verifyAuditChain } from '../../core/audit';
import { readAuditHubStatus } from '../../sync/audit-shipping-state';
import { checkAuditHubCopy } from '../../app/audit-hub-check';
import { readHubConnection } from '../../sync/hub-settings';
import type { AppHandlers } from './context';

/** Staff changes push `staff/changed` so the lock screen's names and the staff list refresh. */
function announce<T extends { id: StaffId }>(services: AppServices, dto: T): T {
  services.events.emit('staff/changed', { staffIds: [dto.id] });
  return dto;
}

export const signInHandlers: AppHandlers<'sign-in'> = {
  'sign-in/screen': (_input, { services }) => {
    const { db, clock } = services.core();
    return signInScreen(db, clock.now(), services.status().clinic?.demo === true);
  },
  'sign-in/sign-in': (input, { services }) => services.deskLock.signIn(input),
  'sign-in/sign-out': (_input, { services }) => {
    services.deskLock.lock('manual');
    return services.deskLock.session();
  },
  'sign-in/create-first-manager': async (input, { services }) => {
    const session = await services.deskLock.createFirstManager(input);
    if (session.person) services.events.emit('staff/changed', { staffIds: [session.person.id] });
    return session;
  },
};

export const sessionHandlers: AppHandlers<'session'> = {
  'session/get': (_input, { services }) => services.deskLock.session(),
  'session/change-own-secret': (input, { services }) => services.deskLock.changeOwnSecret(input),
};

export const staffHandlers: AppHandlers<'staff'> = {
  'staff/list': (_input, { services }) => {
    const core = services.core();
    return listStaff(core, { withHub: readHubConnection(core.db) !== null });
  },
  'staff/create': async (input, { services }) => announce(services, await createStaff(services.core(), input, services.secretCost)),
  'staff/update': (input, { services }) => announce(services, updateStaff(services.core(), input)),
  'staff/deactivate': (input, { services }) => announce(services, deactivateStaff(services.core(), input.staffId)),
  'staff/reactivate': (input, { services }) => announce(services, reactivateStaff(services.core(), input.staffId)),
  'staff/reset-secret': async (input, { services }) => announce(services, await resetStaffSecret(services.core(), input, services.secretCost)),
};

export const auditHandlers: AppHandlers<'audit'> = {
  'audit/query': (input, { services }) => queryAudit(services.core().db, input),
  'audit/verify': (_input, { services }) => verifyAuditChain(services.core().db),
  'audit/export-csv': (input, { services }) => auditCsvChunk(services.core(), input),
  'audit/patient-access': (input, { services }) => patientAccess(services.core().db, input),
  'audit/hub-status': (_input, { services }) => readAuditHubStatus(services.core().db),
  'audit/check-hub-copy': (_input, { services }) => checkAuditHubCopy(services),
};

