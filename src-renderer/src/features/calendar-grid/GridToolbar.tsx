import { useCallback, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import { useDismiss } from '../../lib/dismiss';
import { useClinicSetup } from '../../stores/clinic-setup';
import { GridDisplayMenu } from './GridDisplayMenu';
import { useGrid, type Resolution } from './grid-store';
import { PrintDayButton } from './PrintDay';

/** View switches above the grid: day / week / reminders, providers or rooms, location, step, provider filter. */
export function GridToolbar() {
  const s = useGrid(
    useShallow((x) => ({
      view: x.view,
      mode: x.mode,
      axis: x.axis,
      resolution: x.resolution,
      locationId: x.locationId,
      hidden: x.hiddenProviderIds,
    })),
  );
  const grid = useGrid.getState();
  const setup = useClinicSetup((x) => x);
  const providers = (setup?.providers ?? []).filter((p) => p.active);
  const current = s.view === 'reminders' ? 'reminders' : s.mode;

  return (
    <div className="cg-toolbar" role="toolbar" aria-label="Calendar view">
      <div className="segmented" role="group" aria-label="View">
        {(
          [
            ['day', 'Day', 'd'],
            ['week', 'Week', 'w'],
            ['reminders', 'Reminders', 'r'],
          ] as const
        ).map(([key, label, shortcut]) => (
          <button
            key={key}
            type="button"
            className={`segmented__item${current === key ? ' segmented__item--on' : ''}`}
            aria-pressed={current === key}
            aria-keyshortcuts={shortcut}
            title={`${label} (${shortcut.toUpperCase()})`}
            onClick={() => (key === 'reminders' ? grid.setView('reminders') : grid.setMode(key))}
          >
            {label}
          </button>
        ))}
      </div>

      {s.view === 'grid' && s.mode === 'day' && (
        <div className="segmented" role="group" aria-label="Columns">
          {(
            [
              ['providers', 'Providers'],
              ['rooms', 'Rooms'],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              className={`segmented__item${s.axis === key ? ' segmented__item--on' : ''}`}
              aria-pressed={s.axis === key}
              onClick={() => grid.setAxis(key)}
            >
              {label}
            </button>
          ))}
        </div>
      )}

      <label className="cg-field">
        <span className="cg-field__label">Location</span>
        <select
          value={s.locationId ?? ''}
          onChange={(e) => grid.setLocation((e.currentTarget.value || null) as LocationId | null)}
        >
          <option value="">All locations</option>
          {(setup?.locations ?? []).map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>

      {s.view === 'grid' && (
        <label className="cg-field">
          <span className="cg-field__label">Step</span>
          <select value={s.resolution} onChange={(e) => grid.setResolution(Number(e.currentTarget.value) as Resolution)}>
            <option value={5}>5 min</option>
            <option value={10}>10 min</option>
            <option value={15}>15 min</option>
          </select>
        </label>
      )}

      {s.view === 'grid' && (s.mode === 'week' || s.axis === 'providers') && (
        <ProviderFilter providers={providers} hidden={s.hidden} />
      )}

      {s.view === 'grid' && <GridDisplayMenu offDutyApplies={s.mode === 'day' && s.axis === 'providers'} />}
      <PrintDayButton />
    </div>
  );
}

function ProviderFilter({ providers, hidden }: { providers: Array<{ id: ProviderId; name: string; colour: string }>; hidden: ReadonlySet<ProviderId> }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, useCallback(() => setOpen(false), []));
  const shown = providers.filter((p) => !hidden.has(p.id)).length;
  return (
    <div className="cg-filter" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-controls="cg-filter-list" onClick={() => setOpen(!open)}>
        Providers {shown}/{providers.length}
      </button>
      {open && (
        <div id="cg-filter-list" className="cg-filter__list" role="group" aria-label="Shown providers">
          <button type="button" className="cg-filter__all" onClick={() => useGrid.getState().showAllProviders()}>
            Show all
          </button>
          {providers.map((p) => (
            <label key={p.id} className="cg-filter__item">
              <input type="checkbox" checked={!hidden.has(p.id)} onChange={() => useGrid.getState().toggleProvider(p.id)} />
              <span className="cg-colhead__swatch" style={{ background: p.colour }} aria-hidden="true" />
              {p.name}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
