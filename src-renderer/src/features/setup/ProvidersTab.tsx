import { useId, useState, type FormEvent } from 'react';
import type { ProviderDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { save, useProviderSites, type FieldErrors } from './setup-store';

interface Draft {
  name: string;
  colour: string;
  zone: string;
  active: boolean;
}

/** Providers: name, colour on the grid, home zone, active. Where they work follows from their opening hours. */
export function ProvidersTab() {
  const providers = useClinicSetup((setup) => setup?.providers ?? NONE);
  const [editing, setEditing] = useState<ProviderDto | null>(null);
  // A saved new record clears the form: it is mounted afresh.
  const [formKey, setFormKey] = useState(0);
  const sites = useProviderSites();
  return (
    <div className="su-split">
      <section aria-labelledby="su-prov-list">
        <h2 id="su-prov-list" className="su-title">
          Providers
        </h2>
        <table className="su-table su-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Works at</th>
              <th scope="col">Active</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>
                  <span className="su-swatch" style={{ background: p.colour }} aria-hidden="true" />
                  {p.name}
                </td>
                <td>{sites.get(p.id)?.join(', ') || 'No hours yet'}</td>
                <td>{p.active ? 'Yes' : 'No'}</td>
                <td>
                  <button type="button" className="bk-link-button su-link" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
            {providers.length === 0 && (
              <tr>
                <td colSpan={4}>No providers yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <ProviderForm
        key={editing?.id ?? `new-${formKey}`}
        provider={editing}
        onDone={() => {
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function ProviderForm({ provider, onDone }: { provider: ProviderDto | null; onDone(): void }) {
  const defaultZone = useClinicSetup((setup) => setup?.locations[0]?.zone ?? '');
  const [draft, setDraft] = useState<Draft>(provider ?? { name: '', colour: '#0f766e', zone: defaultZone, active: true });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const activeId = useId();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((x) => ({ ...x, [k]: '' }));
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const input = { name: draft.name, colour: draft.colour, zone: draft.zone, active: draft.active };
    const r = provider ? await save('clinic/update-provider', { id: provider.id, ...input }) : await save('clinic/create-provider', input);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length === 0 ? r.error.message : null);
      return;
    }
    setMessage(null);
    onDone();
  };
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={provider ? `Edit ${provider.name}` : 'New provider'} noValidate>
      <h3>{provider ? `Edit ${provider.name}` : 'New provider'}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Name" error={errors.name}>
        <input value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} />
      </Field>
      <Field label="Colour on the calendar" error={errors.colour}>
        <input type="color" value={draft.colour} onChange={(e) => set('colour', e.currentTarget.value)} />
      </Field>
      <Field label="Time zone" error={errors.zone}>
        <input value={draft.zone} onChange={(e) => set('zone', e.currentTarget.value)} autoComplete="off" spellCheck={false} />
      </Field>
      <label className="su-radio su-check" htmlFor={activeId}>
        <input id={activeId} type="checkbox" checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
        Active (can be booked)
      </label>
      <p className="su-hint">Where a provider works follows from their opening hours (the Opening hours tab).</p>
      <div className="su-actions">
        {provider && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {provider ? 'Save provider' : 'Add provider'}
        </button>
      </div>
    </form>
  );
}
