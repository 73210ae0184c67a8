import { useEffect, type RefObject } from 'react';
import { onBooked } from '../../stores/booking-bridge';

/** How long the grid waits for a new visit's card to be drawn before it keeps focus on itself. */
const WAIT_FOR_CARD_MS = 5_000;

/**
 * After a booking the dialog closes and focus must not fall to the page: the
 * new visit's card takes it once the grid draws it (the grid itself meanwhile,
 * or for good when the visit is on another day), so a keyboard user carries on
 * where the visit now is. Focus the desk has moved elsewhere is left alone.
 */
export function useFocusAfterBooking(scrollRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let stop = (): void => undefined;
    const off = onBooked((id) => {
      stop();
      const root = scrollRef.current;
      if (!root) return;
      const free = (): boolean => {
        const at = document.activeElement;
        return at === null || at === document.body || root.contains(at);
      };
      const card = (): HTMLElement | null => root.querySelector<HTMLElement>(`[data-appointment-id="${CSS.escape(id)}"]`);
      const land = (): boolean => {
        const el = card();
        if (el && free()) el.focus();
        return el !== null;
      };
      // After the dialog's own focus return (it runs as the dialog unmounts).
      const frame = requestAnimationFrame(() => {
        if (land()) return;
        if (free()) root.focus({ preventScroll: true });
      });
      const observer = new MutationObserver(() => {
        if (land()) stop();
      });
      observer.observe(root, { childList: true, subtree: true });
      const timer = setTimeout(() => stop(), WAIT_FOR_CARD_MS);
      stop = () => {
        cancelAnimationFrame(frame);
        observer.disconnect();
        clearTimeout(timer);
      };
    });
    return () => {
      off();
      stop();
    };
  }, [scrollRef]);
}
