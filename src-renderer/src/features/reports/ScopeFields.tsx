import { useId } from 'react';
import { MAX_EXPORT_DAYS } from '@shared/schemas/exports';
import { useClinicSetup } from '../../stores/clinic-setup';
import { todayInClinic } from '../../stores/day';
import { thisWeek, useReports } from './reports-store';
import { addDays } from '@shared/time';

/** Quick ranges in the clinic's calendar (weeks start on Monday). */
function quickRanges(): Array<{ label: string; fromDate: string; toDate: string }> {
  const week = thisWeek();
  const today = todayInClinic();
  const monthStart = `${today.slice(0, 8)}01`;
  const nextMonth = addDays(monthStart, 32).slice(0, 8) + '01';
  const lastMonthStart = addDays(monthStart, -1).slice(0, 8) + '01';
  return [
    { label: 'This week', ...week },
    { label: 'Last week', fromDate: addDays(week.fromDate, -7), toDate: addDays(week.toDate, -7) },
    { label: 'This month', fromDate: monthStart, toDate: addDays(nextMonth, -1) },
    { label: 'Last month', fromDate: lastMonthStart, toDate: addDays(monthStart, -1) },
  ];
}

/** Dates, locations and providers shared by the export and the report. */
export function ScopeFields() {
  const id = useId();
  const scope = useReports((s) => s.scope);
  const errors = useReports((s) => s.fieldErrors);
  const busy = useReports((s) => s.exp.state === 'running' || s.exp.state === 'reading' || s.rep.state === 'running');
  const setup = useClinicSetup((setup) => setup);
  const set = useReports.getState().setScope;

  const dateField = (field: 'fromDate' | 'toDate', label: string) => {
    const error = errors[field];
    return (
      <div className="rp-field">
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          type="date"
          value={scope[field]}
          onChange={(e) => set({ [field]: e.target.value })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${field}-error` : undefined}
        />
        {error && (
          <span id={`${id}-${field}-error`} className="rp-field__error">
            {error}
          </span>
        )}
      </div>
    );
  };

  const providers = [...(setup?.providers ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  const locations = setup?.locations ?? [];

  return (
    <fieldset className="rp-scope" disabled={busy}>
      <legend className="rp-scope__legend">What to include</legend>
      <div className="rp-scope__dates">
        {dateField('fromDate', 'First date')}
        {dateField('toDate', 'Last date')}
        <div className="rp-quick" role="group" aria-label="Quick ranges">
          {quickRanges().map((q) => (
            <button
              key={q.label}
              type="button"
              className="button rp-quick__button"
              aria-pressed={scope.fromDate === q.fromDate && scope.toDate === q.toDate}
              onClick={() => set({ fromDate: q.fromDate, toDate: q.toDate })}
            >
              {q.label}
            </button>
          ))}
        </div>
        <span className="rp-hint rp-scope__hint">Dates are each location’s own local days; up to {MAX_EXPORT_DAYS} days at a time.</span>
      </div>
      <div className="rp-scope__lists">
        <PickList
          legend="Locations"
          allLabel="All locations"
          items={locations.map((l) => ({ id: l.id, label: l.name }))}
          picked={scope.locationIds}
          error={errors.locationIds}
          onChange={(locationIds) => set({ locationIds })}
        />
        <PickList
          legend="Providers"
          allLabel="All providers"
          className="rp-list--providers"
          items={providers.map((p) => ({ id: p.id, label: p.name, note: p.active ? undefined : '(inactive)' }))}
          picked={scope.providerIds}
          error={errors.providerIds}
          onChange={(providerIds) => set({ providerIds })}
        />
      </div>
    </fieldset>
  );
}

const toggle = (list: string[], value: string, on: boolean): string[] => (on ? [...list, value] : list.filter((x) => x !== value));

/** "All …" or a pick of some: an empty pick means all (the export's own rule). */
function PickList(props: {
  legend: string;
  allLabel: string;
  className?: string;
  items: Array<{ id: string; label: string; note?: string | undefined }>;
  picked: string[];
  error: string | undefined;
  onChange(picked: string[]): void;
}) {
  const { legend, allLabel, items, picked, error, onChange } = props;
  return (
    <fieldset className={`rp-field rp-list${props.className ? ` ${props.className}` : ''}`}>
      <legend>{legend}</legend>
      <label className="rp-check">
        <input type="checkbox" checked={picked.length === 0} onChange={() => onChange([])} />
        {allLabel}
      </label>
      {items.map((item) => (
        <label key={item.id} className="rp-check">
          <input type="checkbox" checked={picked.includes(item.id)} onChange={(e) => onChange(toggle(picked, item.id, e.target.checked))} />
          {item.label}
          {item.note && <span className="rp-hint"> {item.note}</span>}
        </label>
      ))}
      {error && <span className="rp-field__error">{error}</span>}
    </fieldset>
  );
}
