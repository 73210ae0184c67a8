import { useEffect, useMemo } from 'react';
import { useShortcuts, type ShortcutMap } from '../../lib/keyboard';
import { registerBookingActions } from '../../stores/booking-bridge';
import { useBooking } from './booking-store';
import { BookingDialog } from './BookingDialog';
import { CancelDialog } from './CancelDialog';
import { RescheduleDialog } from './RescheduleDialog';
import { WhyNotDialog } from './WhyNotDialog';
import './booking.css';

const DONE_VISIBLE_MS = 8000;

/**
 * Mounts the booking feature once: its dialogs, the `c` shortcut (find next
 * available), the confirmation line after a change, and the actions the grid
 * calls (registered on the grid's booking bridge).
 */
export function BookingDialogs() {
  const booking = useBooking((s) => s.booking);
  const reschedule = useBooking((s) => s.reschedule);
  const cancel = useBooking((s) => s.cancel);
  const whyNot = useBooking((s) => s.whyNot);
  const done = useBooking((s) => s.done);

  useEffect(() => {
    const s = useBooking.getState();
    return registerBookingActions({
      startBooking: (args) => void s.startBooking(args),
      findNextFor: (patient) => void s.openFindNext({ patient }),
      openReschedule: (id) => void s.openReschedule(id),
      openCancel: (id) => void s.openCancel(id),
      explainWhyNot: (args) => void s.explainTime(args),
    });
  }, []);

  const anyOpen = booking !== null || reschedule !== null || cancel !== null || whyNot !== null;
  const shortcuts = useMemo((): ShortcutMap => (anyOpen ? {} : { c: () => void useBooking.getState().openFindNext() }), [anyOpen]);
  useShortcuts(shortcuts);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => useBooking.getState().clearDone(), DONE_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [done]);

  return (
    <>
      {booking && <BookingDialog flow={booking} />}
      {reschedule && <RescheduleDialog flow={reschedule} />}
      {cancel && <CancelDialog flow={cancel} />}
      {whyNot && <WhyNotDialog flow={whyNot} />}
      <div className="bk-booking-done" role="status" aria-live="polite">
        {done && (
          <p key={done.id} className="bk-booking-done__message">
            <span aria-hidden="true">✓ </span>
            {done.message}
          </p>
        )}
      </div>
    </>
  );
}

/** A "New booking" button for the top bar (same as the c shortcut). */
export function NewBookingButton() {
  return (
    <button
      type="button"
      className="button button--primary"
      onClick={() => void useBooking.getState().openFindNext()}
      aria-keyshortcuts="c"
      title="Find the next available time (C)"
    >
      New booking
    </button>
  );
}
