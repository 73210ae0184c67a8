import { useEffect } from 'react';
import { useLiveQuery } from '@renderer/api';
import { useAppStatus } from '@renderer/stores/app-status';
import { useTimeFormatter } from '@renderer/stores/clinic-setup';
import { ehrProblems, retryEhrVisit } from './ehr-store';

/**
 * Visits the EHR refused (a change made there meanwhile, a business rule,
 * with the EHR's own words) or that kept failing (5 tries). "Send again"
 * sends the desk's version over the EHR's current one; the audit says who.
 */
export function EhrProblems() {
  const problems = useLiveQuery(ehrProblems, (s) => s.data);
  const tf = useTimeFormatter();
  const zone = useAppStatus((a) => a.status?.clinic?.zone) ?? 'UTC';
  useEffect(() => {
    void ehrProblems.setInput({}, { force: true });
    return ehrProblems.follow();
  }, []);
  if (!problems || problems.length === 0) return null;
  return (
    <>
      <h3>
        Visits the EHR refused <span className="sync-count">({problems.length})</span>
      </h3>
      <ul className="ehr__problems">
        {problems.map((p) => (
          <li key={p.appointmentId} className={`ehr__problem ehr__problem--${p.state}`}>
            <span>
              <strong>{p.startAt ? tf.dateTime(zone, p.startAt) : 'Removed visit'}</strong> {p.providerName && `with ${p.providerName}`} ·{' '}
              {p.state === 'conflict' ? 'Refused by the EHR' : 'Kept failing'}
            </span>
            <span className="ehr__message">{p.message}</span>
            <button type="button" className="button" onClick={() => void retryEhrVisit(p.appointmentId)}>
              Send again
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
