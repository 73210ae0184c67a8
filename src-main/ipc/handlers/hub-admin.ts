import { enrollClinicHubDesk, listClinicHubDesks, revokeClinicHubDesk, setUpClinicHub } from '../../app/hub-enrollment';
import type { AppHandlers } from './context';

/** Clinic hub administration from the Sync section (manager only; checked in app/hub-enrollment.ts). */
export const hubAdminHandlers: AppHandlers<'hub-admin'> = {
  'hub-admin/set-up': (input, { services }) => setUpClinicHub(services, input.admin),
  'hub-admin/list-desks': (input, { services }) => listClinicHubDesks(services, input.admin),
  'hub-admin/enroll-desk': (input, { services }) => enrollClinicHubDesk(services, input.admin, { name: input.name, address: input.address }),
  'hub-admin/revoke-desk': (input, { services }) => revokeClinicHubDesk(services, input.admin, input.deskId),
};
