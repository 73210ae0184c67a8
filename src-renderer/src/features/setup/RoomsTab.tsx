import { useState, type FormEvent } from 'react';
import type { RoomDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { save, type FieldErrors } from './setup-store';

/** Rooms (operatories) per location; an inactive room is never offered for new visits. */
export function RoomsTab() {
  const setup = useClinicSetup((setup) => setup);
  const [editing, setEditing] = useState<RoomDto | null>(null);
  // A saved new record clears the form: it is mounted afresh.
  const [formKey, setFormKey] = useState(0);
  const locationName = (id: string) => setup?.locations.find((l) => l.id === id)?.name ?? '';
  const rooms = setup?.rooms ?? [];
  return (
    <div className="su-split">
      <section aria-labelledby="su-room-list">
        <h2 id="su-room-list" className="su-title">
          Rooms
        </h2>
        <table className="su-table su-list">
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">Room</th>
              <th scope="col">In use</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r) => (
              <tr key={r.id}>
                <td>{locationName(r.locationId)}</td>
                <td>{r.name}</td>
                <td>{r.active ? 'Yes' : 'No'}</td>
                <td>
                  <button type="button" className="bk-link-button su-link" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
            {rooms.length === 0 && (
              <tr>
                <td colSpan={4}>No rooms yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <RoomForm
        key={editing?.id ?? `new-${formKey}`}
        room={editing}
        onDone={() => {
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function RoomForm({ room, onDone }: { room: RoomDto | null; onDone(): void }) {
  const locations = useClinicSetup((setup) => setup?.locations ?? NONE);
  const [locationId, setLocationId] = useState(room?.locationId ?? locations[0]?.id ?? '');
  const [name, setName] = useState(room?.name ?? '');
  const [active, setActive] = useState(room?.active ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = room ? await save('clinic/update-room', { id: room.id, name, active }) : await save('clinic/create-room', { locationId, name, active });
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length === 0 ? r.error.message : null);
      return;
    }
    setMessage(null);
    setName('');
    onDone();
  };
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={room ? `Edit ${room.name}` : 'New room'} noValidate>
      <h3>{room ? `Edit ${room.name}` : 'New room'}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Location" error={errors.locationId}>
        <select value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)} disabled={room !== null}>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Room name" error={errors.name}>
        <input value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </Field>
      <label className="su-radio su-check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        In use
      </label>
      <div className="su-actions">
        {room && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {room ? 'Save room' : 'Add room'}
        </button>
      </div>
    </form>
  );
}
