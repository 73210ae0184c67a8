import { liveQuery } from '../api';
import { notifyError } from './notices';

/** Everyone with a staff account: one live query for Set-up › Staff and the audit trail's "Staff member" filter. */
// `sync/status`: a change the hub has now confirmed is no longer shown as waiting for it.
export const staffList = liveQuery('staff/list', { refreshOn: { 'staff/changed': true, 'sync/status': true }, onError: notifyError });

/** Reads the list and follows it while a screen shows it; returns the function that stops. */
export function followStaffList(): () => void {
  const stop = staffList.follow();
  void staffList.setInput({});
  return stop;
}
