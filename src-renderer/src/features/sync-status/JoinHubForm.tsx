import { useState, type FormEvent } from 'react';
import type { HubSettingsDto } from '@shared/domain/sync';
import { invoke } from '../../api/client';
import { Field } from '../../components/Field';
import { fieldErrors as fieldErrorsOf } from '@shared/domain/field-errors';
import { FormNote, type FormMessage } from '../../components/FormNote';

/** Joins the clinic hub with the enrollment code a manager made for this desk (it carries the desk's own password). */
export function JoinHubForm({ onJoined }: { onJoined(s: HubSettingsDto): void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [working, setWorking] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setWorking(true);
    setError(undefined);
    setMessage(null);
    const r = await invoke('sync/join-hub', { code });
    setWorking(false);
    if (!r.ok) {
      const fields = fieldErrorsOf(r.error);
      if (fields.code) setError(fields.code);
      else setMessage({ tone: 'problem', text: r.error.message });
      return;
    }
    setCode('');
    setMessage({ tone: 'ok', text: 'Joined the clinic hub. Sync starts now.' });
    onJoined(r.data);
  };
  return (
    <form className="su-form su-form--wide sync-hub" onSubmit={(e) => void onSubmit(e)} aria-label="Join the clinic hub" noValidate>
      <h3>Join the clinic hub</h3>
      <p className="su-hint">A manager enrolls this desk at the hub and gives you a code that starts with FDHUB1. Paste it once; it is not shown again.</p>
      <Field label="Enrollment code" error={error}>
        <textarea value={code} onChange={(e) => setCode(e.currentTarget.value)} rows={3} spellCheck={false} autoComplete="off" />
      </Field>
      <FormNote message={message} />
      <div className="su-actions">
        <button type="submit" className="button button--primary" disabled={working || code.trim() === ''}>
          Join the hub
        </button>
      </div>
    </form>
  );
}
