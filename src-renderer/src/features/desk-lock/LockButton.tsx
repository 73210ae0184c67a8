import { useDeskLock } from './desk-lock-store';

/** The padlock in the top bar (also Ctrl+L): hides everything at once. Icon-only: the top bar is full at 1366 px. */
export function LockButton() {
  return (
    <button
      type="button"
      className="button button--icon dl-lock-button"
      onClick={() => void useDeskLock.getState().lock()}
      title="Lock this desk (Ctrl+L)"
      aria-label="Lock"
      aria-keyshortcuts="Control+L"
    >
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6">
        <rect x="3" y="7" width="10" height="7" rx="1.5" />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
      </svg>
    </button>
  );
}
