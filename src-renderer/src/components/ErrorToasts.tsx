import { useEffect } from 'react';
import { useNotices, type Notice } from '../stores/notices';
import './error-toasts.css';

const AUTO_DISMISS_MS = 12_000;

/** Error values from main, shown as dismissable toasts in a live region. */
export function ErrorToasts() {
  const notices = useNotices((s) => s.notices);
  return (
    <div className="toasts" role="region" aria-label="Messages" aria-live="assertive">
      {notices.map((n) => (
        <Toast key={n.id} notice={n} />
      ))}
    </div>
  );
}

function Toast({ notice }: { notice: Notice }) {
  const dismiss = useNotices((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [notice.id, dismiss]);
  return (
    <div className="toast" role="alert" data-code={notice.error.code}>
      <p className="toast__message">{notice.error.message}</p>
      <button type="button" className="toast__close" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
