import { useState, type FormEvent } from 'react';
import { SECRET_RULE } from '@shared/schemas/staff';
import { fieldErrors as fieldErrorsOf } from '@shared/domain/field-errors';
import { useDeskLock } from './desk-lock-store';

/**
 * A clinic without a manager (just set up, or a desk upgraded from the single
 * desk passcode) starts by creating its first manager, who then adds the rest
 * of the staff. An upgraded desk asks for its old passcode first.
 */
export function FirstManagerForm({ needsDeskPasscode }: { needsDeskPasscode: boolean }) {
  const [draft, setDraft] = useState({ name: '', secret: '', repeat: '', deskPasscode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
    setErrors((x) => ({ ...x, [k]: '' }));
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (draft.secret !== draft.repeat) return setErrors({ repeat: 'The two PINs are not the same.' });
    setBusy(true);
    const r = await useDeskLock
      .getState()
      .createFirstManager({ name: draft.name, secret: draft.secret, ...(needsDeskPasscode ? { deskPasscode: draft.deskPasscode } : {}) });
    setBusy(false);
    if (r.ok) return;
    const fields = fieldErrorsOf(r.error);
    setErrors(fields);
    setMessage(Object.keys(fields).length === 0 ? r.error.message : null);
  };

  const field = (key: keyof typeof draft, label: string, input: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => (
    <div className="dl-field">
      <label htmlFor={`dl-fm-${key}`}>{label}</label>
      <input id={`dl-fm-${key}`} value={draft[key]} onChange={set(key)} aria-invalid={errors[key] ? true : undefined} {...input} />
      {hint && <p className="dl-hint">{hint}</p>}
      {errors[key] && (
        <p className="dl-message dl-message--error" role="alert">
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <form className="dl-form" onSubmit={(e) => void onSubmit(e)} aria-label="Create the first manager" noValidate>
      <h1>Create the clinic’s first manager</h1>
      <p className="dl-note">
        Everyone signs in with their own name and PIN. Start with the manager, who then adds the rest of the staff in Set-up › Staff.
      </p>
      {needsDeskPasscode && field('deskPasscode', 'This desk’s passcode (from before sign-in)', { type: 'password', autoComplete: 'off', autoFocus: true })}
      {field('name', 'Your name', { autoComplete: 'name', autoFocus: !needsDeskPasscode })}
      {field('secret', 'Your PIN or passphrase', { type: 'password', autoComplete: 'new-password' }, SECRET_RULE)}
      {field('repeat', 'Repeat it', { type: 'password', autoComplete: 'new-password' })}
      {message && (
        <p className="dl-message dl-message--error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="button button--primary dl-unlock" disabled={busy}>
        {busy ? 'Creating…' : 'Create and sign in'}
      </button>
    </form>
  );
}
