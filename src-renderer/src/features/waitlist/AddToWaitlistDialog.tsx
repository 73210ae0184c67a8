import { useRef } from 'react';
import { Dialog } from '../../components/Dialog';
import { useFocusFirstError } from '../../components/focus-first-error';
import { Field, WEEKDAYS } from '../../components/Field';
import { useLiveQuery } from '../../api';
import { useClinicSetup } from '../../stores/clinic-setup';
import type { WaitlistPart } from '@shared/domain/waitlist';
import { useAddToWaitlist, waitlistPatientSearch, type EntryDraft } from './waitlist-store';

const toggled = <T,>(xs: readonly T[], x: T): T[] => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);

/** A patient who wants a visit as soon as one opens: who, what, with whom, when they can come. */
export function AddToWaitlistDialog({ draft }: { draft: EntryDraft }) {
  const { status, errors, problem, change, save, close } = useAddToWaitlist();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);
  const setup = useClinicSetup((s) => s);
  const hits = useLiveQuery(waitlistPatientSearch.query, (s) => s.data?.hits ?? null);
  const types = setup?.appointmentTypes.filter((t) => t.active) ?? [];
  const type = types.find((t) => t.id === draft.typeId);
  const providers = (setup?.providers ?? []).filter((p) => p.active && (type?.providerIds.includes(p.id) ?? true));
  return (
    <Dialog title="Add to the waitlist" onClose={close} size="wide">
      <form
        ref={form}
        className="wl-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {draft.patient ? (
          <p className="wl-form__patient">
            For <strong>{draft.patient.name}</strong>{' '}
            <button type="button" className="bk-link-button" onClick={() => change({ patient: null })}>
              Change
            </button>
          </p>
        ) : (
          <div>
            <Field label="Patient" error={errors.patientId}>
              <input type="search" autoComplete="off" placeholder="Name, phone or date of birth" onChange={(e) => void waitlistPatientSearch.type(e.currentTarget.value)} data-autofocus />
            </Field>
            <ul className="wl-hits" aria-label="Patients found">
              {hits?.map((h) => (
                <li key={h.id}>
                  <button type="button" className="bk-link-button" onClick={() => change({ patient: { id: h.id, name: `${h.givenName} ${h.familyName}` } })}>
                    {h.givenName} {h.familyName} <span className="wl-muted">born {h.dateOfBirth}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="wl-form__grid">
          <Field label="Appointment type" error={errors.typeId}>
            <select value={draft.typeId} onChange={(e) => change({ typeId: e.currentTarget.value, providerIds: [] })}>
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.durationMin} min)
                </option>
              ))}
            </select>
          </Field>
          <Field label="Location" error={errors.locationId}>
            <select value={draft.locationId} onChange={(e) => change({ locationId: e.currentTarget.value })}>
              <option value="">Any location</option>
              {setup?.locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Earliest date" error={errors.earliestDate}>
            <input type="date" value={draft.earliestDate} onChange={(e) => change({ earliestDate: e.currentTarget.value })} />
          </Field>
          <Field label="Latest date (optional)" error={errors.latestDate}>
            <input type="date" value={draft.latestDate} onChange={(e) => change({ latestDate: e.currentTarget.value })} />
          </Field>
        </div>
        <fieldset className="wl-choices">
          <legend>Providers (none ticked: any provider)</legend>
          {providers.map((p) => (
            <label key={p.id}>
              <input type="checkbox" checked={draft.providerIds.includes(p.id)} onChange={() => change({ providerIds: toggled(draft.providerIds, p.id) })} /> {p.name}
            </label>
          ))}
          {errors.providerIds && <span className="su-field__error">{errors.providerIds}</span>}
        </fieldset>
        <fieldset className="wl-choices">
          <legend>Days the patient can come (none ticked: any day)</legend>
          {WEEKDAYS.map((name, i) => (
            <label key={name}>
              <input type="checkbox" checked={draft.weekdays.includes(i + 1)} onChange={() => change({ weekdays: toggled(draft.weekdays, i + 1) })} /> {name.slice(0, 3)}
            </label>
          ))}
        </fieldset>
        <fieldset className="wl-choices">
          <legend>Time of day (none ticked: any time)</legend>
          {(['morning', 'afternoon'] as WaitlistPart[]).map((p) => (
            <label key={p}>
              <input type="checkbox" checked={draft.partsOfDay.includes(p)} onChange={() => change({ partsOfDay: toggled(draft.partsOfDay, p) })} />{' '}
              {p === 'morning' ? 'Mornings' : 'Afternoons'}
            </label>
          ))}
        </fieldset>
        <Field label="Note (optional)" error={errors.note}>
          <textarea rows={2} maxLength={500} value={draft.note} onChange={(e) => change({ note: e.currentTarget.value })} />
        </Field>
        {problem && (
          <p className="wl-notice__problem" role="alert">
            {problem.message}
          </p>
        )}
        <div className="bk-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button--primary bk-actions__main" disabled={status === 'saving'}>
            {status === 'saving' ? 'Saving…' : 'Add to waitlist'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
