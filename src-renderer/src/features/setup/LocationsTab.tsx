import { useId } from 'react';
import type { LocationDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { RecordEditor } from './RecordEditor';
import { save } from './setup-store';

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

const draftOf = (l: LocationDto | null) => ({ name: l?.name ?? '', zone: l?.zone ?? '', address: l?.address ?? '', phone: l?.phone ?? '' });

/** Locations: name, address, phone and the IANA time zone their opening hours are written in. */
export function LocationsTab() {
  const locations = useClinicSetup((setup) => setup?.locations ?? NONE);
  const zoneListId = `${useId()}-zones`;
  return (
    <RecordEditor
      title="Locations"
      titleId="su-loc-list"
      records={locations}
      columns={[
        { header: 'Name', cell: (l) => l.name },
        { header: 'Time zone', cell: (l) => l.zone },
        { header: 'Address', cell: (l) => l.address },
      ]}
      empty="No locations yet. Add the first one."
      form={{
        newTitle: 'New location',
        addLabel: 'Add location',
        saveLabel: 'Save location',
        draft: draftOf,
        send: (draft, l) => (l ? save('clinic/update-location', { id: l.id, ...draft }) : save('clinic/create-location', draft)),
        fields: (f) => (
          <>
            <Field label="Name" error={f.errors.name}>
              <input {...f.text('name')} />
            </Field>
            <Field label="Time zone" error={f.errors.zone} hint="Opening hours here are in this zone, e.g. America/New_York.">
              <input {...f.text('zone')} list={zoneListId} autoComplete="off" spellCheck={false} />
            </Field>
            <datalist id={zoneListId}>
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <Field label="Address" error={f.errors.address}>
              <input {...f.text('address')} />
            </Field>
            <Field label="Phone" error={f.errors.phone}>
              <input {...f.text('phone')} type="tel" />
            </Field>
          </>
        ),
      }}
    />
  );
}
