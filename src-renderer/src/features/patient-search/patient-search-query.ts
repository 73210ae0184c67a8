import { liveQuery, type LiveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/** How long typing pauses before the search runs. */
const SEARCH_WAIT_MS = 120;
/** Fewer characters than this search nothing (every patient matches one letter). */
const MIN_QUERY_LENGTH = 2;

/**
 * A patient search as you type: the top bar's and the booking dialog's, each with
 * its own results. `type` waits for a pause in typing; an answer to older text
 * never replaces a newer one's.
 */
export interface PatientSearch {
  query: LiveQuery<'patients/search'>;
  type(text: string): Promise<void>;
  clear(): void;
}

export function patientSearch(limit: number): PatientSearch {
  const query = liveQuery('patients/search', { onError: notifyError });
  return {
    query,
    type: (text) =>
      text.trim().length < MIN_QUERY_LENGTH ? query.setInput(null) : query.setInput({ query: text, limit }, { wait: SEARCH_WAIT_MS }),
    clear: () => void query.setInput(null),
  };
}
