import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mainNow } from '../../stores/app-status';
import { describeSync, useSync } from './sync-store';
import './sync-status.css';

/** Top-bar sync status: online/offline, changes waiting, failures needing attention. */
export function SyncIndicator() {
  const { status, connected } = useSync(useShallow((s) => ({ status: s.status, connected: s.connected })));
  useEffect(() => useSync.getState().connect(), []);
  const d = describeSync(status, connected, mainNow());
  return (
    <div className={`sync sync--${d.tone}`} role="status" aria-label={`Sync: ${d.label}. ${d.detail}`} title={d.detail} data-tone={d.tone}>
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__label">{d.label}</span>
    </div>
  );
}
