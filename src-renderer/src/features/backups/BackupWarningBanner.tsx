import { useEffect } from 'react';
import { useSection } from '../../stores/section';
import { useMay } from '../desk-lock';
import { useBackups } from './backups-store';

/** On the schedule: the last good backup is over two days old, or the backup folder cannot be reached. */
export function BackupWarningBanner() {
  const warning = useBackups((s) => s.status?.warning ?? null);
  // Only a manager can open Set-up: anyone else is told whom to tell, not offered a button that goes nowhere.
  const maySetup = useMay('setup.manage');
  useEffect(() => useBackups.getState().connect(), []);
  if (!warning || (warning.kind !== 'stale' && warning.kind !== 'unreachable')) return null;
  return (
    <div className="bk-banner" role="status">
      <span>{warning.message}</span>
      {maySetup ? (
        <button type="button" className="button" onClick={() => useSection.getState().show('setup')}>
          Open Set-up
        </button>
      ) : (
        <strong>Tell the clinic manager.</strong>
      )}
    </div>
  );
}
