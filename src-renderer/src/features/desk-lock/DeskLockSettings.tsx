import { useRef, useState, type FormEvent } from 'react';
import type { DeskLockStatus } from '@shared/domain/desk-lock';
import { LOCK_AFTER_MIN_RANGE } from '@shared/domain/desk-lock';
import { fieldErrors } from '@shared/domain/field-errors';
import { SECRET_RULE } from '@shared/schemas/staff';
import { Field } from '../../components/Field';
import { useFocusFirstError } from '../../components/focus-first-error';
import { useDeskLock, useMay } from './desk-lock-store';
import './desk-lock.css';

/** Set-up › Clinic settings: how long without activity before this desk locks and signs the person out. */
export function DeskLockSettings() {
  const status = useDeskLock((s) => s.status);
  const mayTime = useMay('settings.manage');
  if (!status) return null;
  return (
    <section className="su-form su-form--wide dl-settings" aria-labelledby="dl-settings-title">
      <h3 id="dl-settings-title">Desk lock</h3>
      <p className="su-hint">
        Patient records are hidden when this desk locks: after the minutes below without activity, with the padlock in the top bar or{' '}
        <kbd>Ctrl</kbd>+<kbd>L</kbd>, and when the workstation locks its screen or sleeps.
      </p>
      {mayTime && <LockAfterForm status={status} />}
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

/**
 * The signed-in person's own PIN (changing it needs the current one). PINs are
 * never shown or sent back; main keeps only a verifier.
 */
export function MyPinSection() {
  return (
    <div className="dl-pin-page">
      <h1 id="dl-pin-title" className="dl-page-title">
        My PIN
      </h1>
      <section className="su-form su-form--wide dl-settings" aria-labelledby="dl-pin-title">
        <OwnSecretForm />
      </section>
    </div>
  );
}

function OwnSecretForm() {
  const [draft, setDraft] = useState({ current: '', secret: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);
  const set = (k: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
    setErrors((x) => ({ ...x, [k]: '' }));
    setSaved(false);
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft.current) return setErrors({ current: 'Enter your current PIN.' });
    if (draft.secret !== draft.repeat) return setErrors({ repeat: 'The two new PINs are not the same.' });
    const r = await useDeskLock.getState().changeOwnSecret({ current: draft.current, secret: draft.secret });
    if (!r.ok) {
      const fields = fieldErrors(r.error);
      setErrors(fields);
      setMessage(Object.keys(fields).length === 0 ? r.error.message : null);
      if (r.error.code !== 'VALIDATION') setDraft((d) => ({ ...d, current: '' }));
      return;
    }
    setDraft({ current: '', secret: '', repeat: '' });
    setErrors({});
    setMessage(null);
    setSaved(true);
  };

  return (
    <form ref={form} className="dl-settings__part" onSubmit={(e) => void onSubmit(e)} aria-label="Change your PIN" noValidate>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Your current PIN" error={errors.current || undefined}>
        <input type="password" value={draft.current} onChange={set('current')} autoComplete="off" />
      </Field>
      <Field label="New PIN or passphrase" error={errors.secret || undefined} hint={SECRET_RULE}>
        <input type="password" value={draft.secret} onChange={set('secret')} autoComplete="new-password" />
      </Field>
      <Field label="Repeat the new PIN" error={errors.repeat || undefined}>
        <input type="password" value={draft.repeat} onChange={set('repeat')} autoComplete="new-password" />
      </Field>
      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            PIN changed.
          </span>
        )}
        <button type="submit" className="button button--primary">
          Change my PIN
        </button>
      </div>
    </form>
  );
}
