import type { AppHandlers } from './context';

/** The desk lock (src-main/app/desk-lock.ts); the table's gate lets only get-status, activity, lock and unlock through while locked. */
export const deskLockHandlers: AppHandlers<'desk-lock'> = {
  'desk-lock/get-status': (_input, { services }) => services.deskLock.status(),
  'desk-lock/report-activity': (_input, { services }) => {
    services.deskLock.reportActivity();
    return null;
  },
  'desk-lock/lock': (_input, { services }) => services.deskLock.lock('manual'),
  'desk-lock/unlock': ({ passcode }, { services }) => services.deskLock.unlock(passcode),
  'desk-lock/set-passcode': ({ current, passcode }, { services }) => services.deskLock.setPasscode({ current, passcode }),
  'desk-lock/set-lock-after': ({ lockAfterMin }, { services }) => services.deskLock.setLockAfter(lockAfterMin),
};
