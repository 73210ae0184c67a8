import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mainNow } from '../../stores/app-status';
import { useSection } from '../../stores/section';
import { describeSync, useSync } from './sync-store';
import './sync-status.css';

/** Top-bar sync status: online/offline, changes waiting, conflicts and failures; opens the Sync section. */
export function SyncIndicator() {
  const { status, connected } = useSync(useShallow((s) => ({ status: s.status, connected: s.connected })));
  useEffect(() => useSync.getState().connect(), []);
  const d = describeSync(status, connected, mainNow());
  return (
    <button
      type="button"
      className={`sync sync--${d.tone}`}
      aria-label={`Sync: ${d.label}. ${d.detail}`}
      title={d.detail}
      data-tone={d.tone}
      onClick={() => useSection.getState().show('sync')}
    >
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__label" role="status">
        {d.label}
      </span>
    </button>
  );
}
