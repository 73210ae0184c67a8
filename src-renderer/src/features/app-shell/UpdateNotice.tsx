import { useEffect } from 'react';
import { useUpdates } from './updates-store';

/**
 * The update in the top bar: its download progress, a download that was refused
 * (it did not match the published checksum), then "restart to update" once it is
 * ready — restarting is always the receptionist's choice. Routine failures (an
 * offline clinic) stay quiet: Frontdesk simply tries again later.
 */
export function UpdateNotice() {
  const status = useUpdates((s) => s.status);
  const restart = useUpdates((s) => s.restartToUpdate);
  useEffect(() => useUpdates.getState().connect(), []);

  if (status?.state === 'downloading') {
    const percent = status.percent ?? 0;
    return (
      <div className="update-notice update-notice--quiet" role="status">
        <span>Downloading update {status.version}…</span>
        <progress className="update-notice__progress" max={100} value={percent} aria-label={`Update download ${percent}%`} />
        <span className="update-notice__percent">{percent}%</span>
      </div>
    );
  }
  if (status?.state === 'refused') {
    return (
      <div className="update-notice update-notice--warning" role="status" title={status.message ?? undefined}>
        <span>Update {status.version} was damaged in transit and was not installed.</span>
      </div>
    );
  }
  if (status?.state !== 'ready') return null;
  return (
    <div className="update-notice" role="status">
      <span>Update {status.version} is ready.</span>
      <button type="button" className="button button--primary" onClick={() => void restart()}>
        Restart to update
      </button>
    </div>
  );
}
