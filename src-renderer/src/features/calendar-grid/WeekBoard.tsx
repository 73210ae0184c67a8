import { memo, useDeferredValue, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GridVisitDto } from '@shared/domain/calendar';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { zoneAbbreviation, type TimeFormatter } from '@shared/time';
import { useLiveQuery } from '../../api';
import { todayInClinic, useDay } from '../../stores/day';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { STATUS_LABEL } from './AppointmentCard';
import { gridRange, gridZone, useGrid } from './grid-store';
import { datesOf } from './layout';
import { buildWeek, type WeekCell, type WeekRow } from './week-layout';
import './week-board.css';

/** Rows rendered at once when a new week arrives; more than a 768-px screen shows. */
const FIRST_ROWS = 4;

/**
 * The week of every provider: providers down, the seven days across, each
 * day's visits as compact cards in time order. Fits 1366 px with all seven
 * days; a card opens the visit's panel, right-click (or the context-menu key)
 * its menu, a day's heading opens that day's grid.
 */
export function WeekBoard() {
  const tf = useTimeFormatter();
  const day = useDay((s) => s.day);
  const g = useGrid(useShallow((s) => ({ locationId: s.locationId, hidden: s.hiddenProviderIds, selectedId: s.selectedId })));
  const setup = useClinicSetup((s) => s);
  const range = useLiveQuery(
    gridRange,
    useShallow((s) => ({ data: s.data, loading: s.status === 'loading', answers: s.answers, asked: s.dataInput !== null })),
  );
  const [showIdle, setShowIdle] = useState(false);
  const zone = gridZone(g.locationId, setup);
  const week = useMemo(
    () =>
      setup && day ? buildWeek(setup, range.data, { date: day, locationId: g.locationId, hiddenProviderIds: g.hidden, showIdle }) : null,
    [setup, range.data, day, g.locationId, g.hidden, showIdle],
  );
  // A newly read week first renders the rows a screen holds, then the rest in a deferred,
  // time-sliced render (rows are a provider's whole week: a few fill the screen).
  const settled = useDeferredValue(range.data);
  if (!week || !setup || !day) return <div className="cg-empty">Loading the week…</div>;
  const rows = settled === range.data ? week.rows : week.rows.slice(0, FIRST_ROWS);
  const today = todayInClinic();
  const ready = range.asked && !range.loading;

  return (
    <div
      className="wk-board"
      role="region"
      aria-label="Week of every provider"
      data-state={ready ? 'ready' : 'loading'}
      data-render-seq={range.answers}
      data-week={datesOf('week', day)[0]}
      aria-busy={!ready}
    >
      <table className="wk-table">
        <colgroup>
          <col className="wk-table__who" />
          {week.dates.map((d) => (
            <col key={d} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="wk-corner">
              <span className="wk-corner__zone" title={zone}>
                {zoneAbbreviation(zone, range.data?.from ?? 0)}
              </span>
            </th>
            {week.dates.map((d) => (
              <th key={d} scope="col" className={`wk-dayhead${d === today ? ' wk-dayhead--today' : ''}`}>
                <button
                  type="button"
                  className="wk-dayhead__link"
                  title="Open this day's grid"
                  onClick={() => {
                    useDay.getState().show(d);
                    useGrid.getState().setMode('day');
                  }}
                >
                  {tf.shortDate(d)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <ProviderRow key={row.providerId} row={row} setup={setup} zone={zone} tf={tf} selectedId={g.selectedId} />
          ))}
        </tbody>
      </table>
      {week.rows.length === 0 && <p className="wk-empty">Nobody works {g.locationId ? 'at this location ' : ''}this week.</p>}
      {(week.idle > 0 || showIdle) && (
        <button type="button" className="button wk-idle" aria-pressed={showIdle} onClick={() => setShowIdle(!showIdle)}>
          {showIdle ? 'Hide providers with nothing this week' : `Show ${week.idle} more provider${week.idle === 1 ? '' : 's'} with nothing this week`}
        </button>
      )}
    </div>
  );
}

interface RowProps {
  row: WeekRow;
  setup: ClinicSetupDto;
  zone: string;
  tf: TimeFormatter;
  selectedId: string | null;
}

const ProviderRow = memo(function ProviderRow({ row, setup, zone, tf, selectedId }: RowProps) {
  return (
    <tr className="wk-row">
      <th scope="row" className="wk-who">
        <span className="wk-who__swatch" style={{ background: row.colour }} aria-hidden="true" />
        <span className="wk-who__name">{row.name}</span>
      </th>
      {row.cells.map((cell) => (
        <DayCell key={cell.date} cell={cell} setup={setup} zone={zone} tf={tf} selectedId={selectedId} />
      ))}
    </tr>
  );
});

function DayCell({ cell, setup, zone, tf, selectedId }: { cell: WeekCell } & Omit<RowProps, 'row'>) {
  const zoneOf = (locationId: string): string => setup.locations.find((l) => l.id === locationId)?.zone ?? zone;
  const openZone = cell.open ? zoneOf(cell.open.locationId) : zone;
  return (
    <td className={`wk-cell${cell.open ? '' : ' wk-cell--off'}`}>
      <div className="wk-cell__hours">
        {cell.open ? `${short(tf, openZone, cell.open.startAt)}–${short(tf, openZone, cell.open.endAt)}` : 'Off'}
        {cell.open && openZone !== zone && ` ${zoneAbbreviation(openZone, cell.open.startAt)}`}
      </div>
      {cell.visits.length > 0 && (
        <ul className="wk-cell__visits">
          {cell.visits.map((a) => (
            <li key={a.id}>
              <WeekCard visit={a} zone={zoneOf(a.locationId)} boardZone={zone} tf={tf} selected={a.id === selectedId} />
            </li>
          ))}
        </ul>
      )}
      {cell.cancelled > 0 && <div className="wk-cell__cancelled">{cell.cancelled} cancelled</div>}
    </td>
  );
}

function WeekCard({ visit: a, zone, boardZone, tf, selected }: { visit: GridVisitDto; zone: string; boardZone: string; tf: TimeFormatter; selected: boolean }) {
  const otherClock = zone !== boardZone ? ` ${zoneAbbreviation(zone, a.startAt)}` : '';
  return (
    <button
      type="button"
      className={`wk-card wk-card--${a.status}${selected ? ' wk-card--selected' : ''}`}
      style={{ ['--type-colour' as string]: a.typeColour }}
      data-appointment-id={a.id}
      data-status={a.status}
      aria-pressed={selected}
      aria-description={`${a.typeName}, until ${tf.time(zone, a.endAt)}${otherClock}, ${STATUS_LABEL[a.status]}`}
      title={`${tf.time(zone, a.startAt)}–${tf.time(zone, a.endAt)}${otherClock} ${a.patientGivenName} ${a.patientFamilyName}, ${a.typeName}, ${STATUS_LABEL[a.status]}`}
      onClick={() => useGrid.getState().select(a.id)}
    >
      {/* The day's hours above name another location's clock once; the card keeps to the time. */}
      <span className="wk-card__time">{short(tf, zone, a.startAt)}</span>{' '}
      <span className="wk-card__name">{a.patientFamilyName}</span>
    </button>
  );
}

/** "9:15a" on the 12-hour clock (the narrow cards), "09:15" on the 24-hour one. */
function short(tf: TimeFormatter, zone: string, t: number): string {
  const text = tf.time(zone, t);
  return tf.format === '12h' ? text.replace(/\s?([AP])M$/i, (_, x: string) => x.toLowerCase()) : text;
}
