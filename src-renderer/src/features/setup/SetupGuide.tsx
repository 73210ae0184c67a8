import { useEffect, useState } from 'react';
import { invoke } from '../../api';
import { useClinicSetup } from '../../stores/clinic-setup';

/**
 * The guided set-up of a new clinic: location → providers → hours → types,
 * each step marked done from what is saved, with a button to its tab. Shown
 * until every step is done.
 */
export function SetupGuide({ onGo }: { onGo(tab: string): void }) {
  const setup = useClinicSetup((setup) => setup);
  const [withHours, setWithHours] = useState<number | null>(null);
  const providerIds = setup?.providers.filter((p) => p.active).map((p) => p.id).join(',') ?? '';

  useEffect(() => {
    let live = true;
    const ids = providerIds === '' ? [] : providerIds.split(',');
    void Promise.all(ids.map((providerId) => invoke('clinic/list-opening-hours', { providerId }))).then((rs) => {
      if (live) setWithHours(rs.filter((r) => r.ok && r.data.length > 0).length);
    });
    // clinic/changed reloads the set-up; hours changes reload it too, so this follows them.
    return () => {
      live = false;
    };
  }, [providerIds, setup]);

  if (!setup || withHours === null) return null;
  const active = setup.providers.filter((p) => p.active).length;
  const steps = [
    { tab: 'locations', label: 'Add your location', done: setup.locations.length > 0 },
    { tab: 'providers', label: 'Add your providers', done: active > 0 },
    { tab: 'hours', label: 'Set their opening hours', done: active > 0 && withHours === active },
    { tab: 'types', label: 'Add appointment types', done: setup.appointmentTypes.some((t) => t.active) },
  ];
  if (steps.every((s) => s.done)) return null;
  const next = steps.find((s) => !s.done)!;
  return (
    <section className="su-guide" aria-labelledby="su-guide-title">
      <h2 id="su-guide-title">Set up your clinic</h2>
      <ol className="su-guide__steps">
        {steps.map((s, i) => (
          <li key={s.tab} data-done={s.done ? 'true' : undefined} aria-current={s === next ? 'step' : undefined}>
            <span className="su-guide__mark" aria-hidden="true">
              {s.done ? '✓' : i + 1}
            </span>
            <button type="button" className="bk-link-button" onClick={() => onGo(s.tab)}>
              {s.label}
            </button>
            {s.done && <span className="visually-hidden"> (done)</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
