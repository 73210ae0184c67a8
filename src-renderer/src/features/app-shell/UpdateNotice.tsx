import { useEffect } from 'react';
import { useUpdates } from './updates-store';

/** Appears only when an update has been downloaded; restarting is always the receptionist's choice. */
export function UpdateNotice() {
  const status = useUpdates((s) => s.status);
  const restart = useUpdates((s) => s.restartToUpdate);
  useEffect(() => useUpdates.getState().connect(), []);

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
