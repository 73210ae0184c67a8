import { useState, type FormEvent, type ReactNode } from 'react';
import { hasCode, type AppErrorShape, type Result } from '@shared/domain/errors';
import { fieldErrors, type FieldErrors } from '@shared/domain/field-errors';

/**
 * One Set-up form's state: the draft being typed, the refusal of the last save
 * (messages per field, or one message for the whole form when no field is
 * named) and submitting. Main's schemas are the one check of what is valid; a
 * form only checks locally what main never sees (a PIN typed twice).
 */

/** A form's own refusal before anything is sent: messages per field. */
interface LocalRefusal {
  ok: false;
  fields: FieldErrors;
}

/** What sending a draft came to: main's answer, or the form's own refusal. */
export type SendOutcome<T> = Result<T> | LocalRefusal;

export const refuse = (field: string, message: string): LocalRefusal => ({ ok: false, fields: { [field]: message } });

/** A set-up refusal's field errors; e.g. path "durationMin" or "providerIds.1" → that field. */
function setupFieldErrors(error: AppErrorShape): FieldErrors {
  const out = fieldErrors(error);
  // Overlapping hours name the clashing row rather than a field: the times are what to change.
  if (hasCode(error, 'VALIDATION') && error.details?.conflictingOpeningHoursId) out.startMin ??= error.message;
  // A date's special hours are one interval, shown under its closing time.
  if (out.intervals) out.endMin ??= out.intervals;
  return out;
}

type KeysOf<D, V> = { [K in keyof D]: D[K] extends V ? K : never }[keyof D];
interface ValueEvent {
  currentTarget: { value: string };
}
interface CheckEvent {
  currentTarget: { checked: boolean };
}

export interface RecordFormState<D> {
  draft: D;
  errors: FieldErrors;
  /** The refusal's message when it names no field. */
  message: string | null;
  set<K extends keyof D>(key: K, value: D[K]): void;
  /** value and onChange of a text input or a select, for a string in the draft. */
  text<K extends KeysOf<D, string>>(key: K): { value: string; onChange(e: ValueEvent): void };
  /** checked and onChange of a checkbox, for a boolean in the draft. */
  check<K extends KeysOf<D, boolean>>(key: K): { checked: boolean; onChange(e: CheckEvent): void };
  submit(e: FormEvent): Promise<void>;
}

export function useRecordForm<D extends object, T>({
  initial,
  send,
  onSaved,
  onEdit,
}: {
  initial: D | (() => D);
  send(draft: D): Promise<SendOutcome<T>>;
  onSaved(data: T): void | Promise<void>;
  /** Told of every change to the draft (e.g. to take down a "Saved." note). */
  onEdit?(): void;
}): RecordFormState<D> {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof D>(key: K, value: D[K]): void => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((x) => ({ ...x, [key]: '' }));
    onEdit?.();
  };
  return {
    draft,
    errors,
    message,
    set,
    text: (key) => ({ value: draft[key] as string, onChange: (e) => set(key, e.currentTarget.value as D[typeof key]) }),
    check: (key) => ({ checked: draft[key] as boolean, onChange: (e) => set(key, e.currentTarget.checked as D[typeof key]) }),
    async submit(e) {
      e.preventDefault();
      const r = await send(draft);
      if (!r.ok) {
        const fields = 'error' in r ? setupFieldErrors(r.error) : r.fields;
        setErrors(fields);
        setMessage('error' in r && Object.keys(fields).length === 0 ? r.error.message : null);
        return;
      }
      setErrors({});
      setMessage(null);
      await onSaved(r.data);
    },
  };
}

/**
 * The frame of a Set-up form: its name (heading and accessible name), the
 * refusal's message, the fields, and the actions — Cancel while changing a
 * record, a note once saved, the submit button.
 */
export function RecordForm({
  label,
  submitLabel,
  form,
  onCancel,
  note,
  lead,
  wide,
  children,
}: {
  label: string;
  submitLabel: string;
  form: Pick<RecordFormState<object>, 'submit' | 'message'>;
  onCancel?: (() => void) | undefined;
  note?: string | null | undefined;
  /** Shown above the refusal's message (e.g. a calendar to pick the date from). */
  lead?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <form className={wide ? 'su-form su-form--wide' : 'su-form'} onSubmit={(e) => void form.submit(e)} aria-label={label} noValidate>
      <h3>{label}</h3>
      {lead}
      {form.message && (
        <p className="su-problem" role="alert">
          {form.message}
        </p>
      )}
      {children}
      <div className="su-actions">
        {note && (
          <span className="su-saved" role="status">
            {note}
          </span>
        )}
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
