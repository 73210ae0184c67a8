import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { providerById, typeById, useClinicSetup } from '../../stores/clinic-setup';
import { useCancel, type CancelFlow } from './appointment-flows';
import { followingOf } from './series-change';
import { SeriesScopeChoice } from './SeriesScopeChoice';
import { zoneOf } from './booking-shared';
import { useTimeFormatter } from '../../stores/clinic-setup';

const REASONS = ['Patient cancelled', 'Patient is unwell', 'Provider unavailable', 'Booked by mistake'] as const;
const OTHER = 'Other';

/** Cancel with a reason (kept on the appointment and in the audit trail). */
export function CancelDialog({ flow }: { flow: CancelFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const { close: closeCancel, confirm: confirmCancel, setScope } = useCancel.getState();
  const [choice, setChoice] = useState<string>(REASONS[0]);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const a = flow.appointment;
  const reach = flow.scope === 'following' ? followingOf(flow.series, a.id).length : 1;
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const reason = choice === OTHER ? other.trim() : choice;
    if (!reason) {
      setError('Say why the appointment is cancelled.');
      document.getElementById(`${id}-other`)?.focus();
      return;
    }
    setError(null);
    void confirmCancel(reason);
  };
  return (
    <Dialog title="Cancel appointment" onClose={closeCancel} booking>
      <form onSubmit={onSubmit} className="bk-cancel">
        <dl className="bk-summary">
          <dt>Patient</dt>
          <dd>{flow.patientName}</dd>
          <dt>When</dt>
          <dd>{tf.when(zoneOf(a.locationId), a.startAt)}</dd>
          <dt>Visit</dt>
          <dd>
            {typeById(setup, a.typeId)?.name ?? 'Visit'} with {providerById(setup, a.providerId)?.name ?? 'provider'}
          </dd>
        </dl>
        <SeriesScopeChoice appointment={a} series={flow.series} scope={flow.scope} zone={zoneOf(a.locationId)} onScope={setScope} listDates />
        {flow.problem && (
          <div className="bk-booking-problem" role="alert" data-code={flow.problem.code}>
            {flow.problem.message}
          </div>
        )}
        <fieldset className="bk-field reason-choices">
          <legend>Reason</legend>
          {[...REASONS, OTHER].map((r, i) => (
            <label key={r} className="bk-radio">
              <input type="radio" name={`${id}-reason`} value={r} checked={choice === r} onChange={() => setChoice(r)} autoFocus={i === 0} />
              <span>{r}</span>
            </label>
          ))}
        </fieldset>
        {choice === OTHER && (
          <div className="bk-field">
            <label htmlFor={`${id}-other`}>Other reason</label>
            <input
              id={`${id}-other`}
              type="text"
              maxLength={500}
              value={other}
              onChange={(e) => {
                setOther(e.currentTarget.value);
                setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {error && (
              <span id={`${id}-error`} className="bk-field__error">
                {error}
              </span>
            )}
          </div>
        )}
        <div className="bk-actions">
          <button type="button" className="button" onClick={closeCancel}>
            Keep appointment
          </button>
          <button type="submit" className="button bk-button-destructive bk-actions__main" disabled={flow.status === 'saving'}>
            {flow.status === 'saving' ? 'Cancelling…' : reach > 1 ? `Cancel ${reach} visits` : 'Cancel appointment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
