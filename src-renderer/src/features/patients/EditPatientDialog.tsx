import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { fieldErrors } from '@shared/domain/field-errors';
import type { PatientId } from '@shared/domain/ids';
import type { Patient, PreferredChannel, RelatedPatient } from '@shared/domain/patients';
import { updatePatientInput, type UpdatePatientInput } from '@shared/schemas/patients';
import { useTimeFormatter } from '../../stores/clinic-setup';
import type { TimeFormatter } from '@shared/time';
import { guardianSearch, PatientPicker } from './PatientPicker';
import { usePatientDialogs } from './patient-dialogs';
import { DuplicateList } from './DuplicateList';

/** The text fields of the form, in the order they are shown. */
const TEXT_FIELDS = [
  'givenName', 'familyName', 'dateOfBirth', 'phone', 'email',
  'addressLine1', 'addressLine2', 'city', 'region', 'postalCode',
  'alert', 'insurancePayer', 'insuranceMemberId', 'insuranceGroup', 'insuranceSubscriber', 'notes',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type Draft = Record<TextField, string> & { preferredChannel: PreferredChannel; smsOptOut: boolean; emailOptOut: boolean; guardianId: PatientId | null };
type FormField = keyof Draft;

const FORM_FIELDS = new Set<string>([...TEXT_FIELDS, 'preferredChannel', 'smsOptOut', 'emailOptOut', 'guardianId']);

function draftOf(p: Patient): Draft {
  const d = Object.fromEntries(TEXT_FIELDS.map((f) => [f, p[f] ?? ''])) as Record<TextField, string>;
  return { ...d, preferredChannel: p.preferredChannel, smsOptOut: p.smsOptOut, emailOptOut: p.emailOptOut, guardianId: p.guardianId };
}

/** Only what the receptionist changed goes to main (the audit names those fields; nothing else is overwritten). */
function changesOf(p: Patient, d: Draft): UpdatePatientInput {
  const input: Record<string, unknown> = { id: p.id, expectedVersion: p.version };
  const before = draftOf(p);
  for (const f of Object.keys(d) as FormField[]) {
    if (d[f] === before[f]) continue;
    input[f] = (f === 'phone' || f === 'email') && d[f] === '' ? null : d[f];
  }
  return input as UpdatePatientInput;
}

/**
 * Edit the patient: names, birth date, contact and reminder choices, address,
 * the alert the desk sees on every card, the responsible person, insurance
 * and notes. Checked with main's own schema before sending; main's refusals
 * (a duplicate, a guardian cycle, a change made meanwhile) show at the field
 * or above the form.
 */
export function EditPatientDialog({ patient, family }: { patient: Patient; family: RelatedPatient[] }) {
  const { status, problem, dialog } = usePatientDialogs();
  const { save, close } = usePatientDialogs.getState();
  const tf = useTimeFormatter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(patient));
  const [local, setLocal] = useState<Record<string, string>>({});
  // Fields changed since the last attempt: their old messages no longer apply.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [guardianName, setGuardianName] = useState<string | null>(() => nameOf(family.find((f) => f.id === patient.guardianId), tf));
  const [choosingGuardian, setChoosingGuardian] = useState(false);
  // The record changed meanwhile (CONFLICT): the form starts again from the values now stored.
  const [basedOn, setBasedOn] = useState(patient.version);
  if (basedOn !== patient.version) {
    setBasedOn(patient.version);
    setDraft(draftOf(patient));
  }
  const fieldOf = (path: string): string | null => {
    const f = path.split('.')[0]!;
    return FORM_FIELDS.has(f) && !touched.has(f) ? f : null;
  };
  const errors: Record<string, string> = { ...(problem ? fieldErrors(problem, fieldOf) : {}), ...local };
  const change = (next: Partial<Draft>): void => {
    setDraft({ ...draft, ...next });
    setTouched(new Set([...touched, ...Object.keys(next)]));
    setLocal(Object.fromEntries(Object.entries(local).filter(([f]) => !(f in next))));
  };
  const duplicates = dialog?.kind === 'edit' ? dialog.duplicates : null;
  const busy = status === 'saving';

  const set = (f: TextField) => (e: { currentTarget: { value: string } }) => change({ [f]: e.currentTarget.value });
  const text = (f: TextField, label: string, opts: { type?: string; hint?: ReactNode; autoComplete?: string } = {}) => (
    <Field label={label} error={errors[f]} hint={opts.hint}>
      <input type={opts.type ?? 'text'} name={f} autoComplete={opts.autoComplete ?? 'off'} value={draft[f]} onChange={set(f)} />
    </Field>
  );

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const input = changesOf(patient, draft);
    const checked = updatePatientInput.safeParse(input);
    if (!checked.success) {
      const next = fieldErrors(checked.error, (p) => (FORM_FIELDS.has(p) ? p : null));
      setLocal(next);
      document.querySelector<HTMLElement>(`.pt-edit [name="${Object.keys(next)[0]}"]`)?.focus();
      return;
    }
    setLocal({});
    setTouched(new Set());
    void save(input);
  };

  return (
    <Dialog title={`Edit ${patient.givenName} ${patient.familyName}`} onClose={close} size="wide" description="Changes are saved for every desk of the clinic.">
      {duplicates ? (
        <DuplicateList
          candidates={duplicates}
          onBack={() => usePatientDialogs.setState({ dialog: { kind: 'edit', patient, duplicates: null, pending: null } })}
          onSaveAnyway={() => dialog?.kind === 'edit' && dialog.pending && void save(dialog.pending, true)}
          busy={busy}
        />
      ) : (
        <form className="pt-edit" onSubmit={onSubmit} noValidate aria-label="Patient record">
          {problem && !Object.keys(errors).length && (
            <p className="pt-problem" role="alert">
              {problem.message}
            </p>
          )}
          <fieldset className="pt-edit__group">
            <legend>Name and birth date</legend>
            {text('givenName', 'Given name')}
            {text('familyName', 'Family name')}
            {text('dateOfBirth', 'Date of birth', { type: 'date' })}
          </fieldset>
          <fieldset className="pt-edit__group">
            <legend>Contact and reminders</legend>
            {text('phone', 'Phone', { type: 'tel' })}
            {text('email', 'E-mail', { type: 'email' })}
            <Field label="Reminders by" error={errors.preferredChannel}>
              <select name="preferredChannel" value={draft.preferredChannel} onChange={(e) => change({ preferredChannel: e.currentTarget.value as PreferredChannel })}>
                <option value="sms">Text message</option>
                <option value="email">E-mail</option>
                <option value="none">No reminders</option>
              </select>
            </Field>
            <label className="pt-check">
              <input type="checkbox" name="smsOptOut" checked={draft.smsOptOut} onChange={(e) => change({ smsOptOut: e.currentTarget.checked })} />
              No text-message reminders
            </label>
            <label className="pt-check">
              <input type="checkbox" name="emailOptOut" checked={draft.emailOptOut} onChange={(e) => change({ emailOptOut: e.currentTarget.checked })} />
              No e-mail reminders
            </label>
          </fieldset>
          <fieldset className="pt-edit__group">
            <legend>Address</legend>
            {text('addressLine1', 'Street address', { autoComplete: 'off' })}
            {text('addressLine2', 'Apartment, suite (optional)')}
            {text('city', 'City')}
            {text('region', 'State or region')}
            {text('postalCode', 'Postal code')}
          </fieldset>
          <fieldset className="pt-edit__group">
            <legend>Insurance (optional)</legend>
            {text('insurancePayer', 'Payer')}
            {text('insuranceMemberId', 'Member ID')}
            {text('insuranceGroup', 'Group number')}
            {text('insuranceSubscriber', 'Subscriber', { hint: 'Leave blank when the patient holds the policy.' })}
          </fieldset>
          <fieldset className="pt-edit__group pt-edit__group--wide">
            <legend>For the desk</legend>
            {text('alert', 'Alert', { hint: 'Cards show a ⚑ mark; the text is shown only here and in the panel.' })}
            <div className="pt-guardian">
              <span className="pt-guardian__label">Responsible person</span>
              <span className="pt-guardian__name" data-testid="guardian-name">
                {draft.guardianId ? (guardianName ?? 'Chosen patient') : 'None'}
              </span>
              <button type="button" className="button" onClick={() => setChoosingGuardian(!choosingGuardian)}>
                {draft.guardianId ? 'Change…' : 'Choose…'}
              </button>
              {draft.guardianId && (
                <button type="button" className="button" onClick={() => change({ guardianId: null })}>
                  Remove
                </button>
              )}
              {errors.guardianId && <span className="su-field__error">{errors.guardianId}</span>}
            </div>
            {choosingGuardian && (
              <PatientPicker
                label="Find the responsible person"
                exclude={patient.id}
                search={guardianSearch}
                onPick={(h) => {
                  change({ guardianId: h.id });
                  setGuardianName(nameOf(h, tf));
                  setChoosingGuardian(false);
                }}
              />
            )}
            <Field label="Notes" error={errors.notes}>
              <textarea name="notes" rows={2} value={draft.notes} onChange={set('notes')} />
            </Field>
          </fieldset>
          <div className="pt-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function nameOf(r: Pick<RelatedPatient, 'givenName' | 'familyName' | 'dateOfBirth'> | undefined, tf: TimeFormatter): string | null {
  return r ? `${r.givenName} ${r.familyName}, born ${tf.date(r.dateOfBirth)}` : null;
}
