import { useEffect, useState } from 'react';
import type { BackupFileDto, RestoreOutcomeDto } from '@shared/domain/backups';
import type { AppErrorShape } from '@shared/domain/errors';
import { invoke } from '../../api';
import { formatWhen, useRestore } from './backups-store';
import './backups.css';

/**
 * The start screen's answer to a damaged clinic database: writes have stopped; a manager
 * restores the last good backup (recovery passphrase) or rebuilds this desk from the hub.
 */
export function DamagedDatabase() {
  const [files, setFiles] = useState<BackupFileDto[] | null>(null);
  const [listError, setListError] = useState<AppErrorShape | null>(null);
  const [rebuild, setRebuild] = useState<{ status: 'idle' | 'running' } | { status: 'failed'; error: AppErrorShape } | { status: 'done'; outcome: RestoreOutcomeDto }>({
    status: 'idle',
  });
  useEffect(() => {
    void invoke('backups/list', {}).then((r) => (r.ok ? setFiles(r.data) : setListError(r.error)));
  }, []);
  const latest = files?.[0] ?? null;
  const runRebuild = async (): Promise<void> => {
    setRebuild({ status: 'running' });
    const r = await invoke('backups/rebuild-from-hub', {});
    setRebuild(r.ok ? { status: 'done', outcome: r.data } : { status: 'failed', error: r.error });
  };
  return (
    <div className="bk-damaged">
      <h2>What a manager can do</h2>
      <ul className="bk-damaged__choices">
        <li>
          <strong>Restore the last good backup.</strong>{' '}
          {latest ? (
            <>
              The newest is from {formatWhen(latest.createdAt)}.{' '}
              <button type="button" className="button button--primary" onClick={() => useRestore.getState().begin(latest.name)}>
                Restore it…
              </button>
            </>
          ) : (
            <span>{listError ? listError.message : files ? 'No backup was found in the backup folder.' : 'Looking for backups…'}</span>
          )}
        </li>
        <li>
          <strong>Rebuild this desk from the clinic hub</strong> (when this desk is connected to one): it starts with an empty database and receives
          the whole clinic.{' '}
          <button type="button" className="button" onClick={() => void runRebuild()} disabled={rebuild.status === 'running'}>
            {rebuild.status === 'running' ? 'Rebuilding…' : 'Rebuild from hub'}
          </button>
          {rebuild.status === 'failed' && (
            <p className="su-problem" role="alert">
              {rebuild.error.message}
            </p>
          )}
        </li>
      </ul>
      <p className="su-hint">Either way the damaged database is kept aside, not deleted, for IT to look at.</p>
    </div>
  );
}
