import { useState, type FormEvent } from 'react';
import type { BackupPreviewDto, RestoreOutcomeDto } from '@shared/domain/backups';
import type { AppErrorShape } from '@shared/domain/errors';
import { Dialog } from '../../components/Dialog';
import { invoke } from '../../api';
import { Field } from '../../components/Field';
import { fieldErrors } from '@shared/domain/field-errors';
import { formatWhen, REASON_LABEL, useRestore } from './backups-store';

type Step =
  | { status: 'passphrase'; error: AppErrorShape | null }
  | { status: 'opening' }
  | { status: 'preview'; preview: BackupPreviewDto; error: AppErrorShape | null }
  | { status: 'restoring'; preview: BackupPreviewDto }
  | { status: 'done'; outcome: RestoreOutcomeDto };

/**
 * Restoring one backup: the recovery passphrase opens it, the desk shows what it holds
 * (date, patients, visits, last change) and only then replaces the clinic database,
 * keeping the current one aside.
 */
export function RestoreHost() {
  const open = useRestore((s) => s.open);
  if (!open) return null;
  return <RestoreDialog key={open.name} name={open.name} folder={open.folder} onClose={() => useRestore.getState().close()} />;
}

function RestoreDialog({ name, folder, onClose }: { name: string; folder?: string | undefined; onClose(): void }) {
  const [step, setStep] = useState<Step>({ status: 'passphrase', error: null });
  const [passphrase, setPassphrase] = useState('');

  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setStep({ status: 'opening' });
    const r = await invoke('backups/preview-restore', { name, passphrase, ...(folder ? { folder } : {}) });
    setPassphrase('');
    setStep(r.ok ? { status: 'preview', preview: r.data, error: null } : { status: 'passphrase', error: r.error });
  };
  const restore = async (preview: BackupPreviewDto): Promise<void> => {
    setStep({ status: 'restoring', preview });
    const r = await invoke('backups/restore', { token: preview.token });
    setStep(r.ok ? { status: 'done', outcome: r.data } : { status: 'preview', preview, error: r.error });
  };
  const busy = step.status === 'opening' || step.status === 'restoring';
  const openError = step.status === 'passphrase' ? step.error : null;
  const passphraseError = openError ? fieldErrors(openError).passphrase : undefined;

  return (
    <Dialog title="Restore a backup" description={name} onClose={busy ? () => undefined : onClose} focusKey={step.status} size="wide">
      {(step.status === 'passphrase' || step.status === 'opening') && (
        <form className="bk-restore" onSubmit={(e) => void open(e)} noValidate>
          {openError && !passphraseError && (
            <p className="su-problem" role="alert">
              {openError.message}
            </p>
          )}
          <Field
            label="Recovery passphrase"
            error={passphraseError}
            hint="The passphrase set in Set-up › Backups when this backup was made. On the computer that made it, it may be left empty."
          >
            <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="off" data-autofocus />
          </Field>
          <div className="su-actions">
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {step.status === 'opening' ? 'Opening and checking…' : 'Open backup'}
            </button>
          </div>
        </form>
      )}
      {(step.status === 'preview' || step.status === 'restoring') && (
        <div className="bk-restore">
          <p>This backup holds:</p>
          <dl className="bk-facts" aria-label="What the backup holds">
            <dt>Made</dt>
            <dd>
              {formatWhen(step.preview.createdAt)} ({REASON_LABEL[step.preview.reason]})
            </dd>
            <dt>Patients</dt>
            <dd>{step.preview.patients.toLocaleString()}</dd>
            <dt>Visits</dt>
            <dd>{step.preview.appointments.toLocaleString()}</dd>
            <dt>Last change</dt>
            <dd>{step.preview.lastChangeAt === null ? 'none' : formatWhen(step.preview.lastChangeAt)}</dd>
          </dl>
          {step.preview.otherDesk && <p className="su-hint">It was made by another computer: this desk takes over its clinic records.</p>}
          <p className="bk-note">
            Changes made on this desk after the backup are not in it. The current database is kept beside the restored one, not deleted. With a
            clinic hub, the desk then fetches what changed since the backup.
          </p>
          {step.status === 'preview' && step.error && (
            <p className="su-problem" role="alert">
              {step.error.message}
            </p>
          )}
          <div className="su-actions">
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="button button--danger" onClick={() => void restore(step.preview)} disabled={busy} data-autofocus>
              {step.status === 'restoring' ? 'Restoring…' : 'Restore this backup'}
            </button>
          </div>
        </div>
      )}
      {step.status === 'done' && (
        <div className="bk-restore" role="status">
          <p>The backup is restored and the desk is ready.</p>
          {step.outcome.keptAside && (
            <p className="su-hint">
              The database it replaced is kept as <code>{step.outcome.keptAside}</code>.
            </p>
          )}
          {step.outcome.resyncing && <p className="su-hint">The desk is now fetching from the clinic hub what changed since the backup.</p>}
          <div className="su-actions">
            <button type="button" className="button button--primary" onClick={onClose} data-autofocus>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
