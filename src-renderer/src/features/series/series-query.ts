import { liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/** The series of the visit the panel shows, with its visits as they are now: read again when any visit changes. */
export const seriesOfVisit = liveQuery('series/get', {
  refreshOn: { 'appointments/changed': true },
  onError: notifyError,
});
