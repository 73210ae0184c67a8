import { useId, useState, type FormEvent } from 'react';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '@shared/domain/field-errors';
import { Field } from '@renderer/components/Field';
import { todayInClinic } from '@renderer/stores/day';
import { saveBlob } from '../../reports';
import { exportEhrBundle } from './ehr-store';

type Status = { state: 'idle' } | { state: 'working' } | { state: 'saved'; fileName: string; visits: number } | { state: 'problem'; message: string };

/**
 * Sync › EHR (managers): a few days of visits as one FHIR transaction Bundle
 * file, for an EHR that imports files rather than taking visits one by one
 * (or to hand over what the connection has not sent). Main writes the export
 * in the audit trail with the dates and the number of visits.
 */
export function EhrBundleExport() {
  const id = useId();
  const [fromDate, setFromDate] = useState(todayInClinic);
  const [toDate, setToDate] = useState(todayInClinic);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ state: 'idle' });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus({ state: 'working' });
    setErrors({});
    const r = await exportEhrBundle({ fromDate, toDate });
    if (!r.ok) {
      const fields = fieldErrorsOf(r.error);
      setErrors(fields);
      setStatus(Object.keys(fields).length > 0 ? { state: 'idle' } : { state: 'problem', message: r.error.message });
      return;
    }
    saveBlob(new Blob([r.data.text], { type: 'application/fhir+json' }), r.data.fileName);
    setStatus({ state: 'saved', fileName: r.data.fileName, visits: r.data.visits });
  };

  return (
    <section className="ehr__bundle" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Download visits as a FHIR file</h4>
      <p className="su-hint">
        Every visit on the chosen days (up to 7) as one FHIR transaction Bundle, for an EHR that imports files. Importing it twice books nothing
        twice. Cancellation reasons never go in the file; the download is recorded in the audit trail.
      </p>
      <form className="su-form ehr__bundle-form" aria-label="FHIR file of visits" noValidate onSubmit={(e) => void onSubmit(e)}>
        <div className="su-row">
          <Field label="First day" error={errors.fromDate}>
            <input type="date" value={fromDate} onChange={(e) => setFromDate(e.target.value)} required />
          </Field>
          <Field label="Last day" error={errors.toDate}>
            <input type="date" value={toDate} onChange={(e) => setToDate(e.target.value)} required />
          </Field>
        </div>
        {status.state === 'problem' && (
          <p className="su-problem" role="alert">
            {status.message}
          </p>
        )}
        <div className="su-actions">
          <button type="submit" className="button" disabled={status.state === 'working'}>
            {status.state === 'working' ? 'Preparing…' : 'Download FHIR file'}
          </button>
          <span role="status" className="su-hint">
            {status.state === 'saved' && `${status.visits} ${status.visits === 1 ? 'visit' : 'visits'} in ${status.fileName}.`}
          </span>
        </div>
      </form>
    </section>
  );
}
