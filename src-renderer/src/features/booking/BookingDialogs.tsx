import { useEffect, useMemo } from 'react';
import { useShortcuts, type ShortcutMap } from '../../lib/keyboard';
import { registerBookingActions } from '../../stores/booking-bridge';
import { useCancel, useReschedule, useWhyNot } from './appointment-flows';
import { bookAgain, useBookingFlow } from './booking-flow';
import { useBookingDone } from './booking-shared';
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
  const booking = useBookingFlow((s) => s.flow);
  const reschedule = useReschedule((s) => s.flow);
  const cancel = useCancel((s) => s.flow);
  const whyNot = useWhyNot((s) => s.flow);
  const done = useBookingDone((s) => s.done);

  useEffect(() => {
    const booking = useBookingFlow.getState();
    return registerBookingActions({
      startBooking: (args) => void booking.startBooking(args),
      findNextFor: (patient) => void booking.openFindNext({ patient }),
      openReschedule: (id, scope) => void useReschedule.getState().open(id, scope),
      openCancel: (id, scope) => void useCancel.getState().open(id, scope),
      explainWhyNot: (args) => void useWhyNot.getState().explain(args),
      bookAgain: (args) => void bookAgain(args),
    });
  }, []);

  const anyOpen = booking !== null || reschedule !== null || cancel !== null || whyNot !== null;
  const shortcuts = useMemo((): ShortcutMap => (anyOpen ? {} : { c: () => void useBookingFlow.getState().openFindNext() }), [anyOpen]);
  useShortcuts(shortcuts);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => useBookingDone.getState().clear(), DONE_VISIBLE_MS);
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
      onClick={() => void useBookingFlow.getState().openFindNext()}
      aria-keyshortcuts="c"
      title="Find the next available time (C)"
    >
      New booking
    </button>
  );
}
