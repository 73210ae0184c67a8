import { useId, useState, type FormEvent } from 'react';
import type { LocationDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { save, type FieldErrors } from './setup-store';

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

interface Draft {
  name: string;
  zone: string;
  address: string;
  phone: string;
}
const EMPTY: Draft = { name: '', zone: '', address: '', phone: '' };

/** Locations: name, address, phone and the IANA time zone their opening hours are written in. */
export function LocationsTab() {
  const locations = useClinicSetup((setup) => setup?.locations ?? NONE);
  const [editing, setEditing] = useState<LocationDto | null>(null);
  // A saved new record clears the form: it is mounted afresh.
  const [formKey, setFormKey] = useState(0);
  return (
    <div className="su-split">
      <section aria-labelledby="su-loc-list">
        <h2 id="su-loc-list" className="su-title">
          Locations
        </h2>
        <table className="su-table su-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Time zone</th>
              <th scope="col">Address</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => (
              <tr key={l.id} aria-current={editing?.id === l.id ? 'true' : undefined}>
                <td>{l.name}</td>
                <td>{l.zone}</td>
                <td>{l.address}</td>
                <td>
                  <button type="button" className="bk-link-button su-link" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
            {locations.length === 0 && (
              <tr>
                <td colSpan={4}>No locations yet. Add the first one.</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <LocationForm
        key={editing?.id ?? `new-${formKey}`}
        location={editing}
        onDone={() => {
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function LocationForm({ location, onDone }: { location: LocationDto | null; onDone(): void }) {
  const [draft, setDraft] = useState<Draft>(location ?? EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const zoneListId = `${useId()}-zones`;
  const set = (k: keyof Draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
    setErrors((x) => ({ ...x, [k]: '' }));
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = location ? await save('clinic/update-location', { id: location.id, ...draft }) : await save('clinic/create-location', draft);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length === 0 ? r.error.message : null);
      return;
    }
    setMessage(null);
    setDraft(EMPTY);
    onDone();
  };
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={location ? `Edit ${location.name}` : 'New location'} noValidate>
      <h3>{location ? `Edit ${location.name}` : 'New location'}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Name" error={errors.name}>
        <input value={draft.name} onChange={set('name')} />
      </Field>
      <Field label="Time zone" error={errors.zone} hint="Opening hours here are in this zone, e.g. America/New_York.">
        <input value={draft.zone} onChange={set('zone')} list={zoneListId} autoComplete="off" spellCheck={false} />
      </Field>
      <datalist id={zoneListId}>
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Field label="Address" error={errors.address}>
        <input value={draft.address} onChange={set('address')} />
      </Field>
      <Field label="Phone" error={errors.phone}>
        <input value={draft.phone} onChange={set('phone')} type="tel" />
      </Field>
      <div className="su-actions">
        {location && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {location ? 'Save location' : 'Add location'}
        </button>
      </div>
    </form>
  );
}
