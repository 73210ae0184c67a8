import { useLiveQuery } from '../../api';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { zoneOfLocation } from './zones';
import { openingFits, useWaitlistOpening } from './waitlist-store';
import './waitlist.css';

/**
 * The waitlist entries that fit the opening being looked at, first come first
 * served, each with the time it would get and a Book button: booking goes
 * through the guard and closes the entry in the same change.
 */
export function OpeningFitsList() {
  const fits = useLiveQuery(openingFits, (s) => s.data);
  const { status, problem } = useWaitlistOpening();
  const setup = useClinicSetup((s) => s);
  const tf = useTimeFormatter();
  const { book } = useWaitlistOpening.getState();
  return (
    <>
      {problem && (
        <p className="wl-notice__problem" role="alert">
          {problem.message}
        </p>
      )}
      <ul className="wl-fits">
        {fits === null && <li className="wl-muted">Looking…</li>}
        {fits?.length === 0 && <li className="wl-muted">Nobody on the waitlist fits this time any more.</li>}
        {fits?.map((fit) => {
          const zone = zoneOfLocation(setup, fit.slot.locationId);
          return (
            <li key={fit.entry.id} className="wl-fits__row">
              <span className="wl-fits__who">{fit.entry.patientName}</span>
              <span>{setup?.appointmentTypes.find((t) => t.id === fit.entry.typeId)?.name ?? 'Visit'}</span>
              <span>{tf.weekdayTime(zone, fit.slot.start)}</span>
              {fit.entry.phone && <span className="wl-muted">{fit.entry.phone}</span>}
              <button
                type="button"
                className="button button--primary"
                disabled={status === 'saving'}
                onClick={() => void book(fit)}
                aria-label={`Book ${fit.entry.patientName} at ${tf.time(zone, fit.slot.start)}`}
              >
                Book
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
