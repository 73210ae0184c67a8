import type { ProviderDto } from '@shared/domain/clinic';
import { useClinicSetup } from '../../stores/clinic-setup';
import { Field, NONE } from '../../components/Field';
import { RecordEditor } from './RecordEditor';
import { save, useProviderSites } from './setup-store';

/** Providers: name, colour on the grid, home zone, active. Where they work follows from their opening hours. */
export function ProvidersTab() {
  const providers = useClinicSetup((setup) => setup?.providers ?? NONE);
  const defaultZone = useClinicSetup((setup) => setup?.locations[0]?.zone ?? '');
  const sites = useProviderSites();
  return (
    <RecordEditor
      title="Providers"
      titleId="su-prov-list"
      records={providers}
      columns={[
        {
          header: 'Name',
          cell: (p) => (
            <>
              <span className="su-swatch" style={{ background: p.colour }} aria-hidden="true" />
              {p.name}
            </>
          ),
        },
        { header: 'Works at', cell: (p) => sites.get(p.id)?.join(', ') || 'No hours yet' },
        { header: 'Active', cell: (p) => (p.active ? 'Yes' : 'No') },
      ]}
      empty="No providers yet."
      form={{
        newTitle: 'New provider',
        addLabel: 'Add provider',
        saveLabel: 'Save provider',
        draft: (p: ProviderDto | null) => ({ name: p?.name ?? '', colour: p?.colour ?? '#0f766e', zone: p?.zone ?? defaultZone, active: p?.active ?? true }),
        send: (draft, p) => (p ? save('clinic/update-provider', { id: p.id, ...draft }) : save('clinic/create-provider', draft)),
        fields: (f) => (
          <>
            <Field label="Name" error={f.errors.name}>
              <input {...f.text('name')} />
            </Field>
            <Field label="Colour on the calendar" error={f.errors.colour}>
              <input type="color" {...f.text('colour')} />
            </Field>
            <Field label="Time zone" error={f.errors.zone}>
              <input {...f.text('zone')} autoComplete="off" spellCheck={false} />
            </Field>
            <label className="su-radio su-check">
              <input type="checkbox" {...f.check('active')} />
              Active (can be booked)
            </label>
            <p className="su-hint">Where a provider works follows from their opening hours (the Opening hours tab).</p>
          </>
        ),
      }}
    />
  );
}
