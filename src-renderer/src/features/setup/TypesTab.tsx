import type { AppointmentTypeDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { RecordEditor } from './RecordEditor';
import type { RecordFormState } from './record-form';
import { save } from './setup-store';

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

const draftOf = (t: AppointmentTypeDto | null): Draft =>
  t
    ? {
        name: t.name,
        durationMin: String(t.durationMin),
        bufferBeforeMin: String(t.bufferBeforeMin),
        bufferAfterMin: String(t.bufferAfterMin),
        colour: t.colour,
        needsRoom: t.needsRoom,
        externalCode: t.externalCode ?? '',
        providerIds: t.providerIds,
        roomIds: t.roomIds,
        active: t.active,
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
      };

/** An empty box is no number (main says what is missing), not zero. */
const minutes = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

const inputOf = (d: Draft) => ({
  ...d,
  durationMin: minutes(d.durationMin),
  bufferBeforeMin: minutes(d.bufferBeforeMin),
  bufferAfterMin: minutes(d.bufferAfterMin),
  externalCode: d.externalCode.trim() === '' ? null : d.externalCode,
  roomIds: d.needsRoom ? d.roomIds : [],
});

const toggle = (f: RecordFormState<Draft>, k: 'providerIds' | 'roomIds', id: string, on: boolean) =>
  f.set(k, on ? [...f.draft[k], id] : f.draft[k].filter((x) => x !== id));

/** Appointment types: duration (multiple of 5), colour, who may perform it, room needed, upstream code. */
export function TypesTab() {
  const types = useClinicSetup((setup) => setup?.appointmentTypes ?? NONE);
  const providers = useClinicSetup((setup) => setup?.providers ?? NONE);
  const rooms = useClinicSetup((setup) => setup?.rooms ?? NONE);
  const locations = useClinicSetup((setup) => setup?.locations ?? NONE);
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? '';
  return (
    <RecordEditor
      title="Appointment types"
      titleId="su-type-list"
      records={types}
      columns={[
        {
          header: 'Name',
          cell: (t) => (
            <>
              <span className="su-swatch" style={{ background: t.colour }} aria-hidden="true" />
              {t.name}
              {!t.active && ' (not in use)'}
            </>
          ),
        },
        { header: 'Minutes', cell: (t) => t.durationMin },
        { header: 'Room', cell: (t) => (t.needsRoom ? 'Needed' : '—') },
        { header: 'Providers', cell: (t) => t.providerIds.length },
      ]}
      empty="No appointment types yet."
      form={{
        newTitle: 'New appointment type',
        addLabel: 'Add type',
        saveLabel: 'Save type',
        draft: draftOf,
        send: (draft, t) => (t ? save('clinic/update-appointment-type', { id: t.id, ...inputOf(draft) }) : save('clinic/create-appointment-type', inputOf(draft))),
        fields: (f) => (
          <>
            <Field label="Name" error={f.errors.name}>
              <input {...f.text('name')} />
            </Field>
            <div className="su-row">
              <Field label="Duration (minutes)" error={f.errors.durationMin} hint="A multiple of 5.">
                <input type="number" min={5} step={5} {...f.text('durationMin')} />
              </Field>
              <Field label="Colour" error={f.errors.colour}>
                <input type="color" {...f.text('colour')} />
              </Field>
            </div>
            <div className="su-row">
              <Field label="Buffer before (min)" error={f.errors.bufferBeforeMin} hint="Room and provider kept free before.">
                <input type="number" min={0} step={5} {...f.text('bufferBeforeMin')} />
              </Field>
              <Field label="Buffer after (min)" error={f.errors.bufferAfterMin} hint="E.g. cleaning the room.">
                <input type="number" min={0} step={5} {...f.text('bufferAfterMin')} />
              </Field>
            </div>
            <Field label="Upstream code (optional)" error={f.errors.externalCode} hint="The practice system's code, e.g. D1110.">
              <input {...f.text('externalCode')} />
            </Field>
            <fieldset className="su-field su-checks" aria-describedby={f.errors.providerIds ? 'su-type-providers-error' : undefined}>
              <legend>Who may perform it</legend>
              {providers.map((p) => (
                <label key={p.id} className="su-radio">
                  <input type="checkbox" checked={f.draft.providerIds.includes(p.id)} onChange={(e) => toggle(f, 'providerIds', p.id, e.currentTarget.checked)} />
                  {p.name}
                </label>
              ))}
              {f.errors.providerIds && (
                <span id="su-type-providers-error" className="su-field__error">
                  {f.errors.providerIds}
                </span>
              )}
            </fieldset>
            <label className="su-radio su-check">
              <input type="checkbox" {...f.check('needsRoom')} />
              Needs a room
            </label>
            {f.draft.needsRoom && (
              <fieldset className="su-field su-checks">
                <legend>Rooms able to host it (none ticked = any room)</legend>
                {rooms.map((r) => (
                  <label key={r.id} className="su-radio">
                    <input type="checkbox" checked={f.draft.roomIds.includes(r.id)} onChange={(e) => toggle(f, 'roomIds', r.id, e.currentTarget.checked)} />
                    {r.name} <span className="su-hint">({locationName(r.locationId)})</span>
                  </label>
                ))}
              </fieldset>
            )}
            <label className="su-radio su-check">
              <input type="checkbox" {...f.check('active')} />
              In use (can be booked)
            </label>
          </>
        ),
      }}
    />
  );
}
