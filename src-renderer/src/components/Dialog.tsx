import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useBookingActivity } from '../stores/booking-activity';
import './dialog.css';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  /** Esc, the close button and a click on the backdrop call it. */
  onClose(): void;
  children: ReactNode;
  /** Booking, reschedule and cancel dialogs: main then never restarts for an update under them. */
  booking?: boolean;
  /** A short line under the title (also the dialog's accessible description). */
  description?: ReactNode;
  size?: 'normal' | 'wide';
  /** When it changes (a new step), focus moves to the new content's `[data-autofocus]` or first control. */
  focusKey?: string;
}

/**
 * A modal dialog (WAI-ARIA dialog pattern): labelled by its title, focus moves
 * in (to `[data-autofocus]` or the first control) and stays in (Tab wraps),
 * Esc closes, focus returns where it was. Keys pressed inside never reach the
 * app's single-key shortcuts.
 */
export function Dialog({ title, onClose, children, booking = false, description, size = 'normal', focusKey }: DialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // Read while the dialog first renders: by the time its effects run, a control inside
  // marked autoFocus has already taken the focus, and that control leaves with the dialog.
  const [previous] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, [previous]);

  useEffect(() => {
    const root = ref.current;
    const body = root?.querySelector('.dialog__body');
    const first = body?.querySelector<HTMLElement>('[data-autofocus]') ?? body?.querySelector<HTMLElement>(FOCUSABLE) ?? root;
    first?.focus();
  }, [focusKey]);

  // Focus can fall out of the dialog when the control holding it disappears: Esc still closes it.
  useEffect(() => {
    const onWindowKeyDown = (e: globalThis.KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof Node && ref.current?.contains(e.target))) closeRef.current();
    };
    window.addEventListener('keydown', onWindowKeyDown);
    return () => window.removeEventListener('keydown', onWindowKeyDown);
  }, []);

  useEffect(() => {
    if (!booking) return;
    useBookingActivity.getState().dialogOpened();
    return () => useBookingActivity.getState().dialogClosed();
  }, [booking]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      closeRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const firstItem = items[0]!;
    const lastItem = items[items.length - 1]!;
    if (e.shiftKey && (document.activeElement === firstItem || document.activeElement === ref.current)) {
      e.preventDefault();
      lastItem.focus();
    } else if (!e.shiftKey && document.activeElement === lastItem) {
      e.preventDefault();
      firstItem.focus();
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeRef.current()}>
      <div
        ref={ref}
        className={`dialog dialog--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {/* A div, not a header: inside a dialog a header would be a second banner landmark beside the app's own. */}
        <div className="dialog__header">
          <div>
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="dialog__description">
                {description}
              </p>
            )}
          </div>
          <button type="button" className="dialog__close" onClick={() => closeRef.current()} aria-label="Close" title="Close (Esc)">
            ×
          </button>
        </div>
        <div className="dialog__body">{children}</div>
      </div>
    </div>
  );
}
