import { useEffect, useId } from 'react';
import type { AuditRowDto } from '@shared/domain/audit';
import type { PatientId } from '@shared/domain/ids';
import { liveQuery, useLiveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { notifyError } from '../../stores/notices';
import { accessText, shortDevice } from './audit-words';

const SHOWN = 20;
const NO_ROWS: readonly AuditRowDto[] = [];

/** Who viewed or changed the open patient; read again when the patient or their visits change. */
const patientAccess = liveQuery('audit/patient-access', {
  refreshOn: {
    'patients/changed': (e, input) => e.patientIds.some((id) => id === input.patientId),
    'appointments/changed': true,
  },
  onError: notifyError,
});

/** "Access history" on a patient's panel (managers): who viewed or changed this patient, newest first. */
export function AccessHistory({ patientId }: { patientId: PatientId }) {
  const id = useId();
  const tf = useTimeFormatter();
  const zone = useAppStatus((s) => s.status?.clinic?.zone ?? 'UTC');
  useEffect(() => patientAccess.follow(), []);
  useEffect(() => {
    void patientAccess.setInput({ patientId, limit: SHOWN });
  }, [patientId]);
  const rows = useLiveQuery(patientAccess, (s) => (s.dataInput?.patientId === patientId ? (s.data?.rows ?? NO_ROWS) : NO_ROWS));
  const more = useLiveQuery(patientAccess, (s) => s.dataInput?.patientId === patientId && s.data?.nextBefore != null);
  const status = useLiveQuery(patientAccess, (s) => s.status);
  return (
    <section className="patient-panel__section au-access" aria-labelledby={id}>
      <h3 id={id}>Access history</h3>
      {rows.length === 0 ? (
        <p className="patient-panel__empty">{status === 'loading' ? 'Reading…' : 'Nobody has opened this record yet.'}</p>
      ) : (
        <ul className="au-access__list">
          {rows.map((r) => (
            <li key={r.seq} className="au-access__row">
              <span className="au-access__who">{r.staffName ?? 'The desk itself'}</span>
              <span>{accessText(r)}</span>
              <span className="au-muted">
                {tf.shortDateTime(zone, r.at)} · desk {shortDevice(r.device)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {more && <p className="au-muted">Only the latest {SHOWN} are shown; the Audit section filtered by this patient has them all.</p>}
    </section>
  );
}
