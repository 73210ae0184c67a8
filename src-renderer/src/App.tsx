import { useEffect } from 'react';
import { ErrorToasts } from './components/ErrorToasts';
import { AppShell } from './features/app-shell/AppShell';
import { FirstStartScreen } from './features/first-start/FirstStartScreen';
import { useAppStatus } from './stores/app-status';

/**
 * The start screen until main reports the clinic ready, then the shell.
 * Feature screens plug into the shell's slots here (search, sync, main, side).
 */
export function App() {
  const ready = useAppStatus((s) => s.status?.phase === 'ready');
  useEffect(() => useAppStatus.getState().connect(), []);

  return (
    <>
      {ready ? <AppShell main={<div className="day-placeholder">The day’s schedule appears here.</div>} /> : <FirstStartScreen />}
      <ErrorToasts />
    </>
  );
}
