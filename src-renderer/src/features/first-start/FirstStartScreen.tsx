import { ProgressBar } from '../../components/ProgressBar';
import { useAppStatus } from '../../stores/app-status';
import { FirstRunChoice } from '../setup';
import { DamagedDatabase } from '../backups';
import './first-start.css';

/**
 * What the receptionist sees until the clinic is ready: a progress bar while
 * the demo clinic is built on the first start, a clear message if start-up failed.
 */
export function FirstStartScreen() {
  const status = useAppStatus((s) => s.status);
  const unreachable = useAppStatus((s) => s.unreachable);
  const failure = status?.failure ?? unreachable;

  return (
    <main className="splash first-start" aria-labelledby="first-start-title">
      <div className="splash__card">
        <div className="splash__brand" aria-hidden="true">
          F
        </div>
        {failure ? (
          <>
            <h1 id="first-start-title">{failure.code === 'DATABASE_DAMAGED' ? 'The clinic database is damaged' : 'Frontdesk could not start'}</h1>
            <p className="first-start__failure" role="alert">
              {failure.message}
            </p>
            {failure.code === 'DATABASE_DAMAGED' && <DamagedDatabase />}
          </>
        ) : status?.phase === 'choosing' ? (
          <FirstRunChoice />
        ) : status?.phase === 'building-demo' && status.demo ? (
          <>
            <h1 id="first-start-title">Setting up the demo clinic</h1>
            <p className="first-start__lead">
              This happens once, on the first start. You can use Frontdesk as soon as it is done.
            </p>
            <ProgressBar value={status.demo.done} max={status.demo.total} label="Demo clinic set-up" />
            <p className="first-start__stage" aria-live="polite">
              {status.demo.stage}
            </p>
          </>
        ) : (
          <>
            <h1 id="first-start-title">Starting Frontdesk</h1>
            <p className="first-start__lead" aria-live="polite">
              Opening the clinic database…
            </p>
          </>
        )}
      </div>
    </main>
  );
}
