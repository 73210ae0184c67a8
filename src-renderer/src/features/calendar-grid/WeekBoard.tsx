import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type FocusEvent, type ReactElement } from 'react';
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

/** The sticky day headings above the rows (week-board.css). */
const HEAD_PX = 31;
/** A row's fixed part: cell padding and border, the hours line (week-board.css). */
const ROW_BASE_PX = 23;
/** One compact card and the gap under it, and the "n cancelled" line. */
const CARD_PX = 21.6;
const CANCELLED_PX = 17;
/** The provider's name on two lines: the least a row takes. */
const MIN_ROW_PX = 47;
const NO_ROWS: WeekRow[] = [];

/** A row's height before it is drawn and measured: its fullest day decides. */
function estimateRowPx(row: WeekRow): number {
  let most = 0;
  for (const c of row.cells) most = Math.max(most, c.visits.length * CARD_PX + (c.cancelled > 0 ? CANCELLED_PX : 0));
  return Math.max(MIN_ROW_PX, ROW_BASE_PX + most);
}

/**
 * The week of every provider: providers down, the seven days across, each
 * day's visits as compact cards in time order. Fits 1366 px with all seven
 * days; a card opens the visit's panel, right-click (or the context-menu key)
 * its menu, a day's heading opens that day's grid.
 *
 * Rows are virtualized (a provider's week is a few hundred cards; a screen
 * holds two or three rows): only rows on screen, one more each way and the row
 * holding keyboard focus are in the document, between spacer rows that keep
 * the table's height. Keyboard focus moving to a card scrolls it into view,
 * which brings the next row in, so Tab walks the whole week.
 */
export function WeekBoard() {
  const tf = useTimeFormatter();
  // The week drawn is the one the range read answers: until the read for the week asked for has
  // landed, the board keeps the week it has (marked busy). Laid out from the last week's data, the
  // new week would show nobody working, and every row would be torn down and built again when the
  // data comes.
  const shownDay = useGrid((s) => (s.shown?.mode === 'week' ? s.shown.date : null));
  const shownDates = useMemo(() => (shownDay ? datesOf('week', shownDay) : null), [shownDay]);
  const asksShown = useDay((s) => s.day !== null && shownDates !== null && shownDates.includes(s.day));
  const g = useGrid(
    useShallow((s) => ({ locationId: s.locationId, hidden: s.hiddenProviderIds, selectedId: s.selectedId, scrollTo: s.weekProviderId })),
  );
  const setup = useClinicSetup((s) => s);
  const range = useLiveQuery(
    gridRange,
    useShallow((s) => ({ data: s.data, loading: s.status === 'loading', answers: s.answers, asked: s.dataInput !== null })),
  );
  const [showIdle, setShowIdle] = useState(false);
  const zone = gridZone(g.locationId, setup);
  const week = useMemo(
    () =>
      setup && shownDay && range.data
        ? buildWeek(setup, range.data, { date: shownDay, locationId: g.locationId, hiddenProviderIds: g.hidden, showIdle })
        : null,
    [setup, range.data, shownDay, g.locationId, g.hidden, showIdle],
  );
  const rows = week?.rows ?? NO_ROWS;

  const boardRef = useRef<HTMLDivElement | null>(null);
  // The row holding keyboard focus stays in the document while scrolled away, so focus is not lost.
  const [focusedRow, setFocusedRow] = useState<number | null>(null);
  const rangeExtractor = useCallback(
    (r: Range) => {
      const indexes = defaultRangeExtractor(r);
      return focusedRow === null || focusedRow >= r.count || indexes.includes(focusedRow) ? indexes : [...indexes, focusedRow].sort((a, b) => a - b);
    },
    [focusedRow],
  );
  const rowV = useVirtualizer({
    count: rows.length,
    getScrollElement: () => boardRef.current,
    estimateSize: (i) => estimateRowPx(rows[i]!),
    // A row's measured height belongs to its week: a provider's quiet week says nothing about their
    // busy one, and a stale height would take every row of the new week for on screen.
    getItemKey: (i) => `${week?.dates[0]}:${rows[i]!.providerId}`,
    paddingStart: HEAD_PX,
    // Sizes come from the resize observer, after the browser's own layout: reading them as a row
    // mounts would force a layout in the middle of React's commit.
    measureElement: (el, entry, v) => entry?.borderBoxSize[0]?.blockSize ?? v.measurementsCache[v.indexFromElement(el)]?.size ?? el.getBoundingClientRect().height,
    overscan: 1,
    rangeExtractor,
    // Rows re-render when the rows in view change, after the scrolled frame (memoized rows make it cheap).
    useFlushSync: false,
  });
  const onFocus = (e: FocusEvent<HTMLTableSectionElement>): void => {
    const row = (e.target as Element).closest<HTMLElement>('tr[data-index]');
    setFocusedRow(row ? Number(row.dataset.index) : null);
  };

  // A provider's "show the week" from the day grid's column heading scrolls to their row.
  const { scrollTo } = g;
  useEffect(() => {
    if (!scrollTo || rows.length === 0) return;
    const i = rows.findIndex((r) => r.providerId === scrollTo);
    if (i >= 0) rowV.scrollToIndex(i, { align: 'start' });
    useGrid.setState({ weekProviderId: null });
  }, [scrollTo, rows, rowV]);

  // A newly read week first renders the rows on screen; the rows just off screen follow in a
  // deferred, time-sliced render, so the new week shows at once.
  let items = rowV.getVirtualItems();
  const settled = useDeferredValue(week);
  if (settled !== week) {
    const top = rowV.scrollOffset ?? 0;
    const bottom = top + (rowV.scrollRect?.height ?? 0);
    items = items.filter((it) => it.index === focusedRow || (it.end > top && it.start < bottom));
  }

  if (!week || !setup) return <div className="cg-empty">Loading the week…</div>;
  const today = todayInClinic();
  const ready = range.asked && !range.loading && asksShown;
  const body: ReactElement[] = [];
  let cursor = HEAD_PX;
  for (const it of items) {
    if (it.start > cursor) body.push(<Spacer key={`gap-${it.index}`} px={it.start - cursor} />);
    const row = rows[it.index]!;
    body.push(
      <ProviderRow
        key={row.providerId}
        index={it.index}
        measure={rowV.measureElement}
        row={row}
        setup={setup}
        zone={zone}
        tf={tf}
        selectedId={g.selectedId}
      />,
    );
    cursor = it.end;
  }
  const end = rowV.getTotalSize();
  if (end > cursor) body.push(<Spacer key="gap-end" px={end - cursor} />);

  return (
    <div
      ref={boardRef}
      className="wk-board"
      role="region"
      aria-label="Week of every provider"
      data-state={ready ? 'ready' : 'loading'}
      data-render-seq={range.answers}
      data-week={week.dates[0]}
      aria-busy={!ready}
    >
      <table className="wk-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          <col className="wk-table__who" />
          {week.dates.map((d) => (
            <col key={d} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
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
        <tbody onFocus={onFocus}>{body}</tbody>
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

/** Stands in for rows out of view: keeps the table's height, so the scrollbar tells the truth. */
function Spacer({ px }: { px: number }) {
  return (
    <tr className="wk-spacer" aria-hidden="true">
      <td colSpan={8} style={{ height: px }} />
    </tr>
  );
}

interface RowProps {
  index: number;
  measure(el: HTMLTableRowElement | null): void;
  row: WeekRow;
  setup: ClinicSetupDto;
  zone: string;
  tf: TimeFormatter;
  selectedId: string | null;
}

const ProviderRow = memo(function ProviderRow({ index, measure, row, setup, zone, tf, selectedId }: RowProps) {
  return (
    <tr ref={measure} className="wk-row" data-index={index} aria-rowindex={index + 2}>
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

function DayCell({ cell, setup, zone, tf, selectedId }: { cell: WeekCell } & Omit<RowProps, 'row' | 'index' | 'measure'>) {
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
