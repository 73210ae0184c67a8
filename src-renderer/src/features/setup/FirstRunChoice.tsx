import { useFirstRun } from './first-run-store';
import './setup.css';

/** Shown on a fresh database: explore the demo clinic, or set up this clinic. */
export function FirstRunChoice() {
  const choosing = useFirstRun((s) => s.choosing);
  const error = useFirstRun((s) => s.error);
  const choose = (start: 'demo' | 'empty') => void useFirstRun.getState().choose(start);
  return (
    <>
      <h1 id="first-start-title">Welcome to Frontdesk</h1>
      <p className="first-start__lead">How would you like to start?</p>
      <div className="su-first-run">
        <button type="button" className="su-first-run__choice" onClick={() => choose('empty')} disabled={choosing !== null}>
          <strong>Set up my clinic</strong>
          <span>Start empty and describe your clinic step by step: location, providers, opening hours, appointment types. Then import your patients.</span>
        </button>
        <button type="button" className="su-first-run__choice" onClick={() => choose('demo')} disabled={choosing !== null}>
          <strong>Explore the demo clinic</strong>
          <span>Two locations, twelve providers and 20,000 made-up patients with six weeks of visits, to try everything safely.</span>
        </button>
      </div>
      {error && (
        <p className="first-start__failure" role="alert">
          {error.message}
        </p>
      )}
    </>
  );
}
