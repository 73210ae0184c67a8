import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, type FieldErrors } from '@shared/domain/field-errors';
import type { DuplicateReason, PatientSearchHit } from '@shared/domain/patients';
import { createPatientInput, type CreatePatientInput } from '@shared/schemas/patients';
import { providerById, useClinicSetup } from '../../stores/clinic-setup';
import { useLiveQuery } from '../../api';
import { PatientSearchList } from '../../components/PatientSearchList';
import { bookingPatientSearch, useBookingFlow, type BookingFlow } from './booking-flow';
import { fullName, zoneOf } from './booking-shared';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { EhrLookup } from './EhrLookup';

const REASON_TEXT: Record<DuplicateReason, string> = {
  name_and_birth_date: 'same name and date of birth',
  phone_and_birth_date: 'same phone number and date of birth',
};

/** Who the visit is for: search (↑/↓/Enter), or a new patient with the duplicate warning. */
export function PatientStep({ flow }: { flow: BookingFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const slot = flow.chosen!;
  return (
    <>
      <p className="bk-booking-for">
        {tf.when(zoneOf(slot.locationId), slot.start)} with{' '}
        {slot.providerIds.map((p) => providerById(setup, p)?.name ?? 'Provider').join(' and ')}{' '}
        <button type="button" className="bk-link-button" onClick={() => useBookingFlow.getState().backTo('find')}>
          Change time
        </button>
      </p>
      {flow.duplicates ? (
        <DuplicateWarning flow={flow} />
      ) : creating ? (
        <NewPatientForm busy={flow.status === 'saving'} draft={draft} setDraft={setDraft} onCancel={() => setCreating(false)} />
      ) : (
        <PatientSearch flow={flow} onCreate={() => setCreating(true)} />
      )}
    </>
  );
}

function PatientSearch({ flow, onCreate }: { flow: BookingFlow; onCreate(): void }) {
  const { searchPatients, choosePatient } = useBookingFlow.getState();
  const hits = useLiveQuery(bookingPatientSearch.query, (s) => s.data?.hits ?? NO_HITS);
  return (
    <div className="patient-pick">
      <PatientSearchList
        label="Find the patient"
        value={flow.patientQuery}
        onType={searchPatients}
        hits={hits}
        onPick={(h) => choosePatient({ id: h.id, name: fullName(h), dateOfBirth: h.dateOfBirth })}
        noneText="No patient matches yet."
        fieldClassName="bk-field"
        autoFocus
      />
      {flow.patientQuery.trim().length >= 2 && hits.length === 0 && <EhrLookup key={flow.patientQuery} query={flow.patientQuery} />}
      <div className="bk-actions">
        <button type="button" className="button" onClick={onCreate}>
          New patient…
        </button>
      </div>
    </div>
  );
}

const NO_HITS: PatientSearchHit[] = [];

type Draft = { givenName: string; familyName: string; dateOfBirth: string; phone: string; email: string };
const EMPTY: Draft = { givenName: '', familyName: '', dateOfBirth: '', phone: '', email: '' };

/** A new patient record; checked with the same schema main uses, so problems show next to the fields. */
function NewPatientForm(props: { busy: boolean; draft: Draft; setDraft(d: Draft): void; onCancel(): void }) {
  const { busy, draft, setDraft, onCancel } = props;
  const [errors, setErrors] = useState<FieldErrors<keyof Draft>>({});
  const id = useId();
  const set = (k: keyof Draft) => (e: { currentTarget: HTMLInputElement }) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const input: CreatePatientInput = {
      givenName: draft.givenName,
      familyName: draft.familyName,
      dateOfBirth: draft.dateOfBirth,
      phone: draft.phone || null,
      email: draft.email || null,
    };
    const r = createPatientInput.safeParse(input);
    if (!r.success) {
      const next = fieldErrors(r.error, (path) => (path in EMPTY ? (path as keyof Draft) : null));
      setErrors(next);
      document.getElementById(`${id}-${Object.keys(next)[0]}`)?.focus();
      return;
    }
    setErrors({});
    void useBookingFlow.getState().createPatient(input);
  };
  const field = (k: keyof Draft, label: string, type = 'text', autoComplete = 'off') => (
    <div className="bk-field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        type={type}
        autoComplete={autoComplete}
        value={draft[k]}
        onChange={set(k)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `${id}-${k}-error` : undefined}
        autoFocus={k === 'givenName'}
      />
      {errors[k] && (
        <span id={`${id}-${k}-error`} className="bk-field__error">
          {errors[k]}
        </span>
      )}
    </div>
  );
  return (
    <form className="new-patient" onSubmit={onSubmit} aria-label="New patient" noValidate>
      <div className="bk-new-patient__grid">
        {field('givenName', 'Given name')}
        {field('familyName', 'Family name')}
        {field('dateOfBirth', 'Date of birth', 'date')}
        {field('phone', 'Phone (optional)', 'tel')}
        {field('email', 'E-mail (optional)', 'email')}
      </div>
      <div className="bk-actions">
        <button type="button" className="button" onClick={onCancel}>
          Back to search
        </button>
        <button type="submit" className="button button--primary bk-actions__main" disabled={busy}>
          {busy ? 'Saving…' : 'Save patient'}
        </button>
      </div>
    </form>
  );
}

/** DUPLICATE_PATIENT: the look-alike records, to use one of them or deliberately create anyway. */
function DuplicateWarning({ flow }: { flow: BookingFlow }) {
  const tf = useTimeFormatter();
  const { choosePatient, createPatient, dismissDuplicates } = useBookingFlow.getState();
  const dup = flow.duplicates!;
  const headingId = useId();
  return (
    <section className="duplicate" aria-labelledby={headingId}>
      <div role="alert">
        <h3 id={headingId} className="bk-duplicate__title">
          This may be a patient already on file
        </h3>
        <p className="bk-duplicate__text">
          {dup.candidates.length === 1 ? 'A record looks the same' : `${dup.candidates.length} records look the same`} as{' '}
          <strong>{fullName(dup.pending)}</strong>, born {tf.date(dup.pending.dateOfBirth)}. Use the existing record if it is the same person.
        </p>
      </div>
      <ul className="bk-duplicate__list">
        {dup.candidates.map((c) => (
          <li key={c.id} className="bk-duplicate__item">
            <div>
              <div className="bk-duplicate__name">
                {c.familyName}, {c.givenName}
              </div>
              <div className="bk-muted">
                born {tf.date(c.dateOfBirth)} · {c.reasons.map((r) => REASON_TEXT[r]).join('; ')}
              </div>
            </div>
            <button
              type="button"
              className="button button--primary"
              onClick={() => choosePatient({ id: c.id, name: fullName(c), dateOfBirth: c.dateOfBirth })}
              autoFocus={c === dup.candidates[0]}
            >
              Use this patient
            </button>
          </li>
        ))}
      </ul>
      <div className="bk-actions">
        <button type="button" className="button" onClick={dismissDuplicates}>
          Back
        </button>
        <button type="button" className="button bk-button-warning bk-actions__main" disabled={flow.status === 'saving'} onClick={() => void createPatient(dup.pending, true)}>
          Create anyway (a different person)
        </button>
      </div>
    </section>
  );
}
