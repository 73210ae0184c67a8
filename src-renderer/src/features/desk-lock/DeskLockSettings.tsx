import { useState, type FormEvent } from 'react';
import type { DeskLockStatus } from '../../../../src-shared/domain/desk-lock';
import { LOCK_AFTER_MIN_RANGE } from '../../../../src-shared/domain/desk-lock';
import { fieldErrors } from '../../../../src-shared/domain/field-errors';
import { PASSCODE_RULE } from '../../../../src-shared/schemas/desk-lock';
import { Field } from '../../components/Field';
import { useDeskLock } from './desk-lock-store';
import './desk-lock.css';

/**
 * Set-up › Clinic settings: this desk's lock. How long without activity
 * before it locks, and its passcode (changing one needs the current one).
 * The passcode is never shown or sent back; main keeps only a hash.
 */
export function DeskLockSettings() {
  const status = useDeskLock((s) => s.status);
  if (!status) return null;
  return (
    <section className="su-form su-form--wide dl-settings" aria-labelledby="dl-settings-title">
      <h3 id="dl-settings-title">Desk lock</h3>
      <p className="su-hint">
        Patient records are hidden when this desk locks: after the minutes below without activity, with the padlock in the top bar or{' '}
        <kbd>Ctrl</kbd>+<kbd>L</kbd>, and when the workstation locks its screen or sleeps.
      </p>
      {!status.passcodeSet && (
        <p className="dl-warning" role="note">
          This desk has no passcode yet: anyone can resume it with a click. Set one below.
        </p>
      )}
      <LockAfterForm status={status} />
      <PasscodeForm passcodeSet={status.passcodeSet} />
    </section>
  );
}

function LockAfterForm({ status }: { status: DeskLockStatus }) {
  const [minutes, setMinutes] = useState(String(status.lockAfterMin));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = Number(minutes);
    if (!/^\d+$/.test(minutes.trim()) || n < LOCK_AFTER_MIN_RANGE.min || n > LOCK_AFTER_MIN_RANGE.max) {
      setError(`Lock after ${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`);
      return;
    }
    const r = await useDeskLock.getState().setLockAfter(n);
    if (!r.ok) return setError(fieldErrors(r.error).lockAfterMin ?? r.error.message);
    setError(undefined);
    setSaved(true);
  };
  return (
    <form className="dl-settings__part" onSubmit={(e) => void onSubmit(e)} aria-label="Lock after" noValidate>
      <Field label="Lock after (minutes without activity)" error={error} hint={`${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`}>
        <input
          value={minutes}
          onChange={(e) => {
            setMinutes(e.currentTarget.value);
            setSaved(false);
          }}
          inputMode="numeric"
          className="dl-minutes"
        />
      </Field>
      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            Saved.
          </span>
        )}
        <button type="submit" className="button">
          Save lock time
        </button>
      </div>
    </form>
  );
}

function PasscodeForm({ passcodeSet }: { passcodeSet: boolean }) {
  const [draft, setDraft] = useState({ current: '', passcode: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
    setErrors((x) => ({ ...x, [k]: '' }));
    setSaved(false);
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (draft.passcode !== draft.repeat) {
      setErrors({ repeat: 'The two new passcodes are not the same.' });
      return;
    }
    const r = await useDeskLock.getState().setPasscode(passcodeSet ? { current: draft.current, passcode: draft.passcode } : { passcode: draft.passcode });
    if (!r.ok) {
      const fields = fieldErrors(r.error);
      setErrors(fields);
      setMessage(Object.keys(fields).length === 0 ? r.error.message : null);
      if (r.error.code !== 'VALIDATION') setDraft((d) => ({ ...d, current: '' }));
      return;
    }
    setDraft({ current: '', passcode: '', repeat: '' });
    setErrors({});
    setMessage(null);
    setSaved(true);
  };

  return (
    <form className="dl-settings__part" onSubmit={(e) => void onSubmit(e)} aria-label={passcodeSet ? 'Change the desk passcode' : 'Set a desk passcode'} noValidate>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      {passcodeSet && (
        <Field label="Current passcode" error={errors.current || undefined}>
          <input type="password" value={draft.current} onChange={set('current')} autoComplete="off" />
        </Field>
      )}
      <Field label={passcodeSet ? 'New passcode' : 'Passcode'} error={errors.passcode || undefined} hint={PASSCODE_RULE}>
        <input type="password" value={draft.passcode} onChange={set('passcode')} autoComplete="new-password" />
      </Field>
      <Field label={passcodeSet ? 'Repeat the new passcode' : 'Repeat the passcode'} error={errors.repeat || undefined}>
        <input type="password" value={draft.repeat} onChange={set('repeat')} autoComplete="new-password" />
      </Field>
      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            Passcode saved.
          </span>
        )}
        <button type="submit" className="button button--primary">
          {passcodeSet ? 'Change passcode' : 'Set passcode'}
        </button>
      </div>
    </form>
  );
}
