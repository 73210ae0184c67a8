import { useEffect } from 'react';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { openingFits, useWaitlistOpening } from './waitlist-store';
import { openingWords } from './opening-words';
import './waitlist.css';

/**
 * Time that opened (a cancellation, a move, a no-show, a blockout removed,
 * here or at another desk) is marked on the schedule right where it opened;
 * this banner names only the openings whose mark is not in view (another day,
 * a hidden provider, scrolled away or under the details panel), with Show to
 * go there, and the last booking made from the waitlist.
 */
export function WaitlistOpeningNotice() {
  const { openings, onScreen, done } = useWaitlistOpening();
  const setup = useClinicSetup((s) => s);
  const tf = useTimeFormatter();

  useEffect(() => useWaitlistOpening.getState().listen(), []);
  useEffect(() => openingFits.follow(), []);

  const away = openings.filter((o) => !onScreen.includes(o.key));
  if (away.length === 0) {
    return done ? (
      <p className="wl-notice wl-notice--done" role="status">
        <span aria-hidden="true">✓ </span>
        {done}
      </p>
    ) : null;
  }
  const { reveal, dismiss } = useWaitlistOpening.getState();
  return (
    <section className="wl-notice" aria-label="Waitlist for time that opened" data-testid="waitlist-opening">
      {away.map((o) => (
        <div key={o.key} className="wl-notice__line" role="status">
          <strong>{openingWords(o, setup, tf)}</strong>
          <button type="button" className="button button--primary" onClick={() => reveal(o.key)}>
            Show
          </button>
          <button type="button" className="button" onClick={() => dismiss(o.key)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
