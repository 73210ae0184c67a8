import { useEffect, useState, type FormEvent } from 'react';
import type { BackupFileDto, BackupStatusDto, BackupWarning } from '@shared/domain/backups';
import type { AppErrorShape } from '@shared/domain/errors';
import { MIN_RECOVERY_PASSPHRASE } from '@shared/schemas/backups';
import { invoke } from '../../api';
import { Field } from '../../components/Field';
import { fieldErrors } from '@shared/domain/field-errors';
import { formatBytes, formatWhen, REASON_LABEL, useBackups, useRestore } from './backups-store';
import './backups.css';

/**
 * Set-up › Backups (manager): where and when this desk backs itself up, the recovery
 * passphrase that locks every backup, "Back up now", and the backups in the folder with a
 * restore for each.
 */
export function BackupSettings() {
  const status = useBackups((s) => s.status);
  useEffect(() => useBackups.getState().connect(), []);
  if (!status) return <p className="su-empty">Loading the backup settings…</p>;
  return (
    <div className="bk">
      <BackupSummary status={status} />
      <PassphraseForm passphraseSet={status.passphraseSet} />
      <ScheduleForm key={`${status.folder}|${status.time}|${status.enabled}`} status={status} />
      <BackupList status={status} />
    </div>
  );
}

/** The warnings that, read here, need words of their own: main's point to this very page. */
const ON_THIS_PAGE: Partial<Record<BackupWarning['kind'], string>> = {
  'not-set-up': 'Backups are not set up: if this computer fails, its clinic records are lost. Set a recovery passphrase and a backup folder below.',
  stale: 'The last good backup is more than two days old. Check the backup folder below, then Back up now.',
};

function BackupSummary({ status }: { status: BackupStatusDto }) {
  const [error, setError] = useState<AppErrorShape | null>(null);
  const ready = Boolean(status.folder) && status.passphraseSet;
  const runNow = async (): Promise<void> => {
    setError(null);
    const r = await invoke('backups/run-now', {});
    if (!r.ok) setError(r.error);
  };
  return (
    <section className="su-form su-form--wide" aria-labelledby="bk-summary-title">
      <h2 id="bk-summary-title">Backups</h2>
      <p className="su-hint">
        This desk holds the clinic's records. Back them up to a USB drive or a network share that is not this computer's own disk. Every
        backup is encrypted and checked after it is written; the last 7 days, 4 weeks and 12 months are kept.
      </p>
      {status.warning && (
        <p className={`bk-warning bk-warning--${status.warning.kind}`} role="note">
          {ON_THIS_PAGE[status.warning.kind] ?? status.warning.message}
        </p>
      )}
      <dl className="bk-facts" aria-label="Backup status">
        <dt>Last good backup</dt>
        <dd>{status.lastGood ? formatWhen(status.lastGood.at) : 'none yet'}</dd>
        <dt>Next backup</dt>
        <dd>{status.running ? 'running now…' : status.nextAt !== null ? formatWhen(status.nextAt) : 'not scheduled'}</dd>
        <dt>Database check</dt>
        <dd>{status.lastCheck ? `${status.lastCheck.ok ? 'sound' : 'found damage'}, ${formatWhen(status.lastCheck.at)}` : 'not run yet'}</dd>
        {status.lastAttempt && !status.lastAttempt.ok && (
          <>
            <dt>Last try</dt>
            <dd className="bk-failed">
              failed {formatWhen(status.lastAttempt.at)}: {status.lastAttempt.error?.message}
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p className="su-problem" role="alert">
          {error.message}
        </p>
      )}
      <div className="su-actions">
        {!ready && (
          <span id="bk-run-needs" className="su-hint">
            Set a recovery passphrase and a backup folder first.
          </span>
        )}
        <button
          type="button"
          className="button button--primary"
          onClick={() => void runNow()}
          disabled={status.running || !ready}
          aria-describedby={ready ? undefined : 'bk-run-needs'}
        >
          {status.running ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
    </section>
  );
}

function PassphraseForm({ passphraseSet }: { passphraseSet: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase !== repeat) return setError('The two entries differ. Type the passphrase twice the same way.');
    setSaving(true);
    const r = await invoke('backups/set-passphrase', { passphrase });
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    useBackups.getState().accept(r.data);
    setPassphrase('');
    setRepeat('');
    setError(undefined);
    setSaved(true);
  };
  return (
    <form className="su-form su-form--wide" onSubmit={(e) => void onSubmit(e)} aria-label="Recovery passphrase" noValidate>
      <h2>Recovery passphrase</h2>
      <p className="su-hint">
        Every backup is locked with this passphrase, and it alone opens a backup on another computer. Frontdesk does not keep it: write it down
        and store it away from this computer. {passphraseSet && 'Changing it applies to new backups; older ones still open with the old one.'}
      </p>
      <Field label={passphraseSet ? 'New passphrase' : 'Passphrase'} error={error} hint={`At least ${MIN_RECOVERY_PASSPHRASE} characters; a few unrelated words work well.`}>
        <input type="password" value={passphrase} onChange={(e) => (setPassphrase(e.currentTarget.value), setSaved(false))} autoComplete="new-password" />
      </Field>
      <Field label="Type it again">
        <input type="password" value={repeat} onChange={(e) => (setRepeat(e.currentTarget.value), setSaved(false))} autoComplete="new-password" />
      </Field>
      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            Passphrase set.
          </span>
        )}
        <button type="submit" className="button" disabled={saving}>
          {passphraseSet ? 'Change passphrase' : 'Set passphrase'}
        </button>
      </div>
    </form>
  );
}

function ScheduleForm({ status }: { status: BackupStatusDto }) {
  const [folder, setFolder] = useState(status.folder ?? '');
  const [time, setTime] = useState(status.time);
  const [enabled, setEnabled] = useState(status.enabled || status.folder === null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await invoke('backups/update-settings', { folder: folder.trim(), time, enabled });
    if (!r.ok) {
      // A refusal about this form's own fields goes under them; anything else (no recovery passphrase yet) above it.
      const { folder: folderError, time: timeError } = fieldErrors(r.error);
      return setErrors(folderError || timeError ? { ...(folderError && { folder: folderError }), ...(timeError && { time: timeError }) } : { form: r.error.message });
    }
    setErrors({});
    useBackups.getState().accept(r.data);
  };
  return (
    <form className="su-form su-form--wide" onSubmit={(e) => void onSubmit(e)} aria-label="Backup schedule" noValidate>
      <h2>Where and when</h2>
      {errors.form && (
        <p className="su-problem" role="alert">
          {errors.form}
        </p>
      )}
      <Field label="Backup folder" error={errors.folder} hint="The whole path, e.g. /media/usb/Frontdesk, E:\Frontdesk or \\server\backups\frontdesk.">
        <input value={folder} onChange={(e) => setFolder(e.currentTarget.value)} spellCheck={false} />
      </Field>
      <Field label="Every day at" error={errors.time} hint="If this computer is off then, the backup runs when it starts.">
        <input type="time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
      </Field>
      <label className="bk-check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Back up every day (and before updates and
        patient imports)
      </label>
      <div className="su-actions">
        <button type="submit" className="button">
          Save
        </button>
      </div>
    </form>
  );
}

function BackupList({ status }: { status: BackupStatusDto }) {
  const [folder, setFolder] = useState('');
  const [shown, setShown] = useState<{ folder: string | undefined; files: BackupFileDto[] } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const load = async (other?: string): Promise<void> => {
    setError(null);
    const r = await invoke('backups/list', other ? { folder: other } : {});
    if (r.ok) setShown({ folder: other, files: r.data });
    else setError(r.error);
  };
  useEffect(() => {
    if (status.folder) void load();
  }, [status.folder, status.lastGood?.name]);
  return (
    <section className="su-form su-form--wide" aria-labelledby="bk-list-title">
      <h2 id="bk-list-title">Restore</h2>
      <p className="su-hint">
        Restoring replaces this desk's clinic records with a backup's; the current database is kept aside. To move a desk to a new computer,
        install Frontdesk there, start with an empty clinic, and restore from the folder holding the backup.
      </p>
      <form className="bk-other" onSubmit={(e) => (e.preventDefault(), void load(folder.trim() || undefined))} aria-label="Look in another folder">
        <Field label="Look in another folder (optional)">
          <input value={folder} onChange={(e) => setFolder(e.currentTarget.value)} spellCheck={false} />
        </Field>
        <button type="submit" className="button">
          Show backups
        </button>
      </form>
      {error && (
        <p className="su-problem" role="alert">
          {error.message}
        </p>
      )}
      {shown && shown.files.length === 0 && <p className="su-empty">No backups in this folder.</p>}
      {shown && shown.files.length > 0 && (
        <table className="bk-table">
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Why</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.files.map((b) => (
              <tr key={b.name}>
                <td>
                  {formatWhen(b.createdAt)}
                  {!b.thisDesk && <span className="bk-other-desk"> · another desk</span>}
                </td>
                <td>{REASON_LABEL[b.reason]}</td>
                <td>{formatBytes(b.bytes)}</td>
                <td>
                  <button type="button" className="button" onClick={() => useRestore.getState().begin(b.name, shown.folder)}>
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
