import type { RoomDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { RecordEditor } from './RecordEditor';
import { save } from './setup-store';

/** Rooms (operatories) per location; an inactive room is never offered for new visits. */
export function RoomsTab() {
  const locations = useClinicSetup((setup) => setup?.locations ?? NONE);
  const rooms = useClinicSetup((setup) => setup?.rooms ?? NONE);
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? '';
  return (
    <RecordEditor
      title="Rooms"
      titleId="su-room-list"
      records={rooms}
      columns={[
        { header: 'Location', cell: (r) => locationName(r.locationId) },
        { header: 'Room', cell: (r) => r.name },
        { header: 'In use', cell: (r) => (r.active ? 'Yes' : 'No') },
      ]}
      empty="No rooms yet."
      form={{
        newTitle: 'New room',
        addLabel: 'Add room',
        saveLabel: 'Save room',
        draft: (r: RoomDto | null) => ({ locationId: r?.locationId ?? locations[0]?.id ?? '', name: r?.name ?? '', active: r?.active ?? true }),
        // A room stays at its location: a change sends its name and whether it is in use.
        send: ({ locationId, name, active }, r) =>
          r ? save('clinic/update-room', { id: r.id, name, active }) : save('clinic/create-room', { locationId, name, active }),
        fields: (f, r) => (
          <>
            <Field label="Location" error={f.errors.locationId}>
              <select {...f.text('locationId')} disabled={r !== null}>
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Room name" error={f.errors.name}>
              <input {...f.text('name')} />
            </Field>
            <label className="su-radio su-check">
              <input type="checkbox" {...f.check('active')} />
              In use
            </label>
          </>
        ),
      }}
    />
  );
}
