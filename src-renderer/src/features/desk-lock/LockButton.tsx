import { ROLE_LABELS } from '@shared/domain/permissions';
import { useDeskLock } from './desk-lock-store';

/**
 * Who is signed in, and the padlock (also Ctrl+L): signs them out and hides
 * everything at once; the next person signs in on the lock screen. Kept small:
 * the top bar is full at 1366 px.
 */
export function LockButton() {
  const person = useDeskLock((s) => s.session?.person ?? null);
  return (
    <span className="dl-person-bar">
      {person && (
        <span className="dl-person-bar__name" title={`${person.name} · ${ROLE_LABELS[person.role]}`}>
          {person.name}
        </span>
      )}
      <button
        type="button"
        className="button button--icon dl-lock-button"
        onClick={() => void useDeskLock.getState().lock()}
        title="Lock this desk and sign out (Ctrl+L)"
        aria-label="Lock"
        aria-keyshortcuts="Control+L"
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6">
          <rect x="3" y="7" width="10" height="7" rx="1.5" />
          <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
        </svg>
      </button>
    </span>
  );
}
