import { useEffect } from 'react';
import { isTypingTarget } from '../lib/keyboard';
import { UNDO_OFFERED_MS, UNDONE_VISIBLE_MS, useUndo } from '../stores/undo';
import './undo-toast.css';

/** The message after a change to a visit, with Undo (or Ctrl+Z outside fields and dialogs) while it shows. */
export function UndoToast() {
  const offer = useUndo((s) => s.offer);

  useEffect(() => {
    if (!offer || offer.status === 'undoing') return;
    const timer = setTimeout(() => useUndo.getState().dismiss(offer.key), offer.status === 'undone' ? UNDONE_VISIBLE_MS : UNDO_OFFERED_MS);
    return () => clearTimeout(timer);
  }, [offer]);

  useEffect(() => {
    if (offer?.status !== 'offered') return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.toLowerCase() !== 'z' || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
      if (e.defaultPrevented || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      e.preventDefault();
      void useUndo.getState().undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer?.status]);

  return (
    <div className="undo-toast" role="status" aria-live="polite">
      {offer && (
        <div key={offer.key} className={`undo-toast__box undo-toast__box--${offer.status}`} data-testid="undo-toast">
          <p className="undo-toast__message">
            <span aria-hidden="true">✓ </span>
            {offer.message}
          </p>
          {offer.status !== 'undone' && (
            <button
              type="button"
              className="undo-toast__undo"
              disabled={offer.status === 'undoing'}
              aria-keyshortcuts="Control+Z"
              title="Undo (Ctrl+Z)"
              onClick={() => void useUndo.getState().undo()}
            >
              {offer.status === 'undoing' ? 'Undoing…' : 'Undo'}
            </button>
          )}
          <button type="button" className="undo-toast__close" aria-label="Dismiss message" onClick={() => useUndo.getState().dismiss()}>
            ×
          </button>
          {offer.status === 'offered' && (
            <span className="undo-toast__timer" style={{ animationDuration: `${UNDO_OFFERED_MS}ms` }} aria-hidden="true" />
          )}
        </div>
      )}
    </div>
  );
}
