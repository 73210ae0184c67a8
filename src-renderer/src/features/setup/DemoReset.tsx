import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useAppStatus } from '../../stores/app-status';
import { useFirstRun } from './first-run-store';

/** In the demo clinic only: start the demo over (every change made in it is lost). */
export function DemoReset() {
  const isDemo = useAppStatus((s) => s.status?.clinic?.demo === true);
  const resetting = useFirstRun((s) => s.resetting);
  const error = useFirstRun((s) => s.error);
  const [confirming, setConfirming] = useState(false);
  if (!isDemo) return null;
  return (
    <div className="su-demo">
      <span>This is the demo clinic: made-up patients and visits.</span>
      <button type="button" className="button" onClick={() => setConfirming(true)}>
        Reset the demo…
      </button>
      {confirming && (
        <Dialog title="Reset the demo clinic?" onClose={() => !resetting && setConfirming(false)} description="Every change made in the demo is lost and a fresh demo is built.">
          {error && (
            <p className="su-problem" role="alert">
              {error.message}
            </p>
          )}
          <div className="su-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={resetting}>
              Keep it
            </button>
            <button type="button" className="button button--primary" onClick={() => void useFirstRun.getState().resetDemo()} disabled={resetting}>
              {resetting ? 'Resetting…' : 'Reset the demo'}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
