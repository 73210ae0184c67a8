import { useEffect } from 'react';
import { useLiveQuery } from '../../api';
import { providerById, useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { zoneOfLocation } from './zones';
import { openingFits, useWaitlistOpening } from './waitlist-store';
import './waitlist.css';

/**
 * Where time just opened (a cancellation, a move, a no-show, a blockout
 * removed, here or at another desk): "3 on the waitlist fit 10:15 with
 * Dr. Rahman". Show lists them, first come first served, each with its time;
 * Book books it through the guard and closes the entry — two clicks.
 */
export function WaitlistOpeningNotice() {
  const { opening, expanded, status, problem, done } = useWaitlistOpening();
  const fits = useLiveQuery(openingFits, (s) => s.data);
  const setup = useClinicSetup((s) => s);
  const tf = useTimeFormatter();

  useEffect(() => useWaitlistOpening.getState().listen(), []);
  useEffect(() => openingFits.follow(), []);

  if (!opening) {
    return done ? (
      <p className="wl-notice wl-notice--done" role="status">
        <span aria-hidden="true">✓ </span>
        {done}
      </p>
    ) : null;
  }
  const zone = zoneOfLocation(setup, opening.firstLocationId);
  const provider = providerById(setup, opening.providerId)?.name ?? 'the provider';
  const { show, dismiss, book } = useWaitlistOpening.getState();
  return (
    <section className="wl-notice" aria-label="Waitlist for the time that opened" data-testid="waitlist-opening">
      <div className="wl-notice__line" role="status">
        <strong>
          {opening.count} on the waitlist {opening.count === 1 ? 'fits' : 'fit'} {tf.weekdayTime(zone, opening.firstStart)} with {provider}
        </strong>
        {!expanded && (
          <button type="button" className="button button--primary" onClick={show}>
            Show
          </button>
        )}
        <button type="button" className="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      {problem && (
        <p className="wl-notice__problem" role="alert">
          {problem.message}
        </p>
      )}
      {expanded && (
        <ul className="wl-fits">
          {fits === null && <li className="wl-muted">Looking…</li>}
          {fits?.length === 0 && <li className="wl-muted">Nobody on the waitlist fits this time any more.</li>}
          {fits?.map((fit) => (
            <li key={fit.entry.id} className="wl-fits__row">
              <span className="wl-fits__who">{fit.entry.patientName}</span>
              <span>{setup?.appointmentTypes.find((t) => t.id === fit.entry.typeId)?.name ?? 'Visit'}</span>
              <span>{tf.weekdayTime(zoneOfLocation(setup, fit.slot.locationId), fit.slot.start)}</span>
              {fit.entry.phone && <span className="wl-muted">{fit.entry.phone}</span>}
              <button
                type="button"
                className="button button--primary"
                disabled={status === 'saving'}
                onClick={() => void book(fit)}
                aria-label={`Book ${fit.entry.patientName} at ${tf.time(zoneOfLocation(setup, fit.slot.locationId), fit.slot.start)}`}
              >
                Book
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
