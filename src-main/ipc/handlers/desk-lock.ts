import type { AppHandlers } from './context';

/** The desk lock (src-main/app/desk-lock.ts): locking signs the person out; sign-in has its own channels. */
export const deskLockHandlers: AppHandlers<'desk-lock'> = {
  'desk-lock/get-status': (_input, { services }) => services.deskLock.status(),
  'desk-lock/report-activity': (_input, { services }) => {
    services.deskLock.reportActivity();
    return null;
  },
  'desk-lock/lock': (_input, { services }) => services.deskLock.lock('manual'),
  'desk-lock/set-lock-after': ({ lockAfterMin }, { services }) => services.deskLock.setLockAfter(lockAfterMin),
};
