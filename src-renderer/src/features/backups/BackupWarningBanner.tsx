import { useEffect } from 'react';
import { useSection } from '../../stores/section';
import { useBackups } from './backups-store';

/** On the schedule: the last good backup is over two days old, or the backup folder cannot be reached. */
export function BackupWarningBanner() {
  const warning = useBackups((s) => s.status?.warning ?? null);
  useEffect(() => useBackups.getState().connect(), []);
  if (!warning || (warning.kind !== 'stale' && warning.kind !== 'unreachable')) return null;
  return (
    <div className="bk-banner" role="status">
      <span>{warning.message}</span>
      <button type="button" className="button" onClick={() => useSection.getState().show('setup')}>
        Open Set-up
      </button>
    </div>
  );
}
