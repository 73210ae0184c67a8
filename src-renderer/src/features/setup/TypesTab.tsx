import { useState, type FormEvent } from 'react';
import type { AppointmentTypeDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field } from '../../components/Field';
import { save, type FieldErrors } from './setup-store';

interface Draft {
  name: string;
  durationMin: string;
  bufferBeforeMin: string;
  bufferAfterMin: string;
  colour: string;
  needsRoom: boolean;
  externalCode: string;
  providerIds: string[];
  roomIds: string[];
  active: boolean;
}

/** Appointment types: duration (multiple of 5), colour, who may perform it, room needed, upstream code. */
export function TypesTab() {
  const setup = useClinicSetup((setup) => setup);
  const [editing, setEditing] = useState<AppointmentTypeDto | null>(null);
  // A saved new record clears the form: it is mounted afresh.
  const [formKey, setFormKey] = useState(0);
  const types = setup?.appointmentTypes ?? [];
  return (
    <div className="su-split">
      <section aria-labelledby="su-type-list">
        <h2 id="su-type-list" className="su-title">
          Appointment types
        </h2>
        <table className="su-table su-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Minutes</th>
              <th scope="col">Room</th>
              <th scope="col">Providers</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {types.map((t) => (
              <tr key={t.id}>
                <td>
                  <span className="su-swatch" style={{ background: t.colour }} aria-hidden="true" />
                  {t.name}
                  {!t.active && ' (not in use)'}
                </td>
                <td>{t.durationMin}</td>
                <td>{t.needsRoom ? 'Needed' : '—'}</td>
                <td>{t.providerIds.length}</td>
                <td>
                  <button type="button" className="bk-link-button su-link" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
            {types.length === 0 && (
              <tr>
                <td colSpan={5}>No appointment types yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <TypeForm
        key={editing?.id ?? `new-${formKey}`}
        type={editing}
        onDone={() => {
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function TypeForm({ type, onDone }: { type: AppointmentTypeDto | null; onDone(): void }) {
  const setup = useClinicSetup((setup) => setup);
  const [draft, setDraft] = useState<Draft>(
    type
      ? {
          ...type,
          durationMin: String(type.durationMin),
          bufferBeforeMin: String(type.bufferBeforeMin),
          bufferAfterMin: String(type.bufferAfterMin),
          externalCode: type.externalCode ?? '',
        }
      : {
          name: '',
          durationMin: '30',
          bufferBeforeMin: '0',
          bufferAfterMin: '0',
          colour: '#2563eb',
          needsRoom: false,
          externalCode: '',
          providerIds: [],
          roomIds: [],
          active: true,
        },
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((x) => ({ ...x, [k]: '' }));
  };
  const toggle = (k: 'providerIds' | 'roomIds', id: string, on: boolean) =>
    set(k, on ? [...draft[k], id] : draft[k].filter((x) => x !== id));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const minutes = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    const input = {
      name: draft.name,
      durationMin: minutes(draft.durationMin),
      bufferBeforeMin: minutes(draft.bufferBeforeMin),
      bufferAfterMin: minutes(draft.bufferAfterMin),
      colour: draft.colour,
      needsRoom: draft.needsRoom,
      externalCode: draft.externalCode.trim() === '' ? null : draft.externalCode,
      providerIds: draft.providerIds,
      roomIds: draft.needsRoom ? draft.roomIds : [],
      active: draft.active,
    };
    const r = type ? await save('clinic/update-appointment-type', { id: type.id, ...input }) : await save('clinic/create-appointment-type', input);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length === 0 ? r.error.message : null);
      return;
    }
    setMessage(null);
    onDone();
  };
  const locationName = (id: string) => setup?.locations.find((l) => l.id === id)?.name ?? '';
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={type ? `Edit ${type.name}` : 'New appointment type'} noValidate>
      <h3>{type ? `Edit ${type.name}` : 'New appointment type'}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Name" error={errors.name}>
        <input value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} />
      </Field>
      <div className="su-row">
        <Field label="Duration (minutes)" error={errors.durationMin} hint="A multiple of 5.">
          <input type="number" min={5} step={5} value={draft.durationMin} onChange={(e) => set('durationMin', e.currentTarget.value)} />
        </Field>
        <Field label="Colour" error={errors.colour}>
          <input type="color" value={draft.colour} onChange={(e) => set('colour', e.currentTarget.value)} />
        </Field>
      </div>
      <div className="su-row">
        <Field label="Buffer before (min)" error={errors.bufferBeforeMin} hint="Room and provider kept free before.">
          <input type="number" min={0} step={5} value={draft.bufferBeforeMin} onChange={(e) => set('bufferBeforeMin', e.currentTarget.value)} />
        </Field>
        <Field label="Buffer after (min)" error={errors.bufferAfterMin} hint="E.g. cleaning the room.">
          <input type="number" min={0} step={5} value={draft.bufferAfterMin} onChange={(e) => set('bufferAfterMin', e.currentTarget.value)} />
        </Field>
      </div>
      <Field label="Upstream code (optional)" error={errors.externalCode} hint="The practice system's code, e.g. D1110.">
        <input value={draft.externalCode} onChange={(e) => set('externalCode', e.currentTarget.value)} />
      </Field>
      <fieldset className="su-field su-checks" aria-describedby={errors.providerIds ? 'su-type-providers-error' : undefined}>
        <legend>Who may perform it</legend>
        {(setup?.providers ?? []).map((p) => (
          <label key={p.id} className="su-radio">
            <input type="checkbox" checked={draft.providerIds.includes(p.id)} onChange={(e) => toggle('providerIds', p.id, e.currentTarget.checked)} />
            {p.name}
          </label>
        ))}
        {errors.providerIds && (
          <span id="su-type-providers-error" className="su-field__error">
            {errors.providerIds}
          </span>
        )}
      </fieldset>
      <label className="su-radio su-check">
        <input type="checkbox" checked={draft.needsRoom} onChange={(e) => set('needsRoom', e.currentTarget.checked)} />
        Needs a room
      </label>
      {draft.needsRoom && (
        <fieldset className="su-field su-checks">
          <legend>Rooms able to host it (none ticked = any room)</legend>
          {(setup?.rooms ?? []).map((r) => (
            <label key={r.id} className="su-radio">
              <input type="checkbox" checked={draft.roomIds.includes(r.id)} onChange={(e) => toggle('roomIds', r.id, e.currentTarget.checked)} />
              {r.name} <span className="su-hint">({locationName(r.locationId)})</span>
            </label>
          ))}
        </fieldset>
      )}
      <label className="su-radio su-check">
        <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
        In use (can be booked)
      </label>
      <div className="su-actions">
        {type && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {type ? 'Save type' : 'Add type'}
        </button>
      </div>
    </form>
  );
}
