import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLiveQuery } from '../../api';
import { mainNow } from '../../stores/app-status';
import { useClinicSetup } from '../../stores/clinic-setup';
import { useDay } from '../../stores/day';
import { notifyError } from '../../stores/notices';
import { AppointmentCard } from './AppointmentCard';
import { BlockoutLayer } from './BlockoutLayer';
import { WaitlistMarkerLayer } from './WaitlistMarkerLayer';
import { useGridDisplay } from './display-store';
import { ReleasedMarker } from './ReleasedMarker';
import { bookingAction } from '../../stores/booking-bridge';
import { dropPlacement } from './drag-placement';
import { moveDroppedVisit } from '../series';
import { gridRange, gridZone, useGrid, type Resolution } from './grid-store';
import { buildLayout, closedRanges, isOpenAt, type CardModel, type GridColumn, type MarkerModel } from './layout';
import { gutterClock, nowSegments, spansClocks, zoneTitle } from './grid-clocks';
import { useFocusAfterBooking } from './focus-after-booking';
import type { GridVisitDto } from '@shared/domain/calendar';
import { instantOfWall, zoneAbbreviation, type TimeFormatter } from '@shared/time';
import { useTimeFormatter } from '../../stores/clinic-setup';

const GUTTER = 64;
const GROUP_ROW = 22;
const NAME_ROW = 40;
const HEADER = GROUP_ROW + NAME_ROW;
/** Row height in px per resolution: finer steps get shorter rows, a visit keeps a readable height. */
const ROW_PX: Record<Resolution, number> = { 15: 24, 10: 20, 5: 14 };
/** At 1366 px at least eight provider columns fit beside the time gutter, each wide enough for a family name. */
const MIN_COLUMN = { provider: 136, room: 130 } as const;
const DRAG_THRESHOLD_PX = 5;
/** One empty list, so hooks that depend on the columns see no change while the range loads. */
const NO_COLUMNS: GridColumn[] = [];

interface DragState {
  card: CardModel;
  columnIndex: number;
  pointerId: number;
  x0: number;
  y0: number;
  /** Minutes between the card's start and the point grabbed. */
  grabMin: number;
  moved: boolean;
}

interface Ghost {
  columnIndex: number;
  startMin: number;
  durationMin: number;
  label: string;
}

export function CalendarGrid() {
  const tf = useTimeFormatter();
  // The day drawn is the one the range read answers: the grid keeps the last day (marked busy)
  // until the new day's visits have landed. Before the first read lands, the day asked for.
  const shownDay = useGrid((s) => (s.shown?.mode === 'day' ? s.shown.date : null));
  const day = useDay((s) => (shownDay ? null : s.day)) ?? shownDay;
  const g = useGrid(
    useShallow((s) => ({
      mode: s.mode,
      axis: s.axis,
      resolution: s.resolution,
      locationId: s.locationId,
      hiddenProviderIds: s.hiddenProviderIds,
      pendingMoves: s.pendingMoves,
      selectedId: s.selectedId,
    })),
  );
  const setup = useClinicSetup((s) => s);
  const display = useGridDisplay(useShallow((s) => ({ colourBy: s.colourBy, showReleased: s.showReleased, showOffDuty: s.showOffDuty })));
  const cardColour = useMemo(() => {
    if (display.colourBy === 'type') return (a: GridVisitDto) => a.typeColour;
    const byProvider = new Map<string, string>((setup?.providers ?? []).map((p) => [p.id, p.colour]));
    return (a: GridVisitDto) => byProvider.get(a.providerId) ?? a.typeColour;
  }, [display.colourBy, setup]);
  const range = useLiveQuery(
    gridRange,
    useShallow((s) => ({
      data: s.data,
      // Which range the data is for: the grid scrolls to the working day once per range.
      dataKey: s.dataInput ? JSON.stringify(s.dataInput) : null,
      loading: s.status === 'loading',
      answers: s.answers,
    })),
  );
  const zone = gridZone(g.locationId, setup);

  const layout = useMemo(
    () =>
      setup && day
        ? buildLayout(setup, range.data, {
            axis: g.axis,
            date: day,
            zone,
            locationId: g.locationId,
            hiddenProviderIds: g.hiddenProviderIds,
            pendingMoves: g.pendingMoves,
            showReleased: display.showReleased,
            showOffDuty: display.showOffDuty,
          })
        : null,
    [
      setup,
      range.data,
      g.axis,
      day,
      zone,
      g.locationId,
      g.hiddenProviderIds,
      g.pendingMoves,
      display.showReleased,
      display.showOffDuty,
    ],
  );

  const scrollRef = useRef<HTMLDivElement | null>(null);
  useFocusAfterBooking(scrollRef);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });
  // A callback ref: the scroller appears only once the set-up has loaded.
  const observer = useRef<ResizeObserver | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const attachScroller = useCallback((el: HTMLDivElement | null) => {
    scrollRef.current = el;
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => setViewport({ width: el.clientWidth, height: el.clientHeight });
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
  }, []);

  const columns = layout?.columns ?? NO_COLUMNS;
  const kind = columns[0]?.kind ?? 'provider';
  // Columns share the width beside the time gutter; no narrower than readable (then the grid scrolls sideways).
  const colWidth = Math.max(MIN_COLUMN[kind], Math.floor((viewport.width - GUTTER) / Math.max(1, columns.length)));
  const rowPx = ROW_PX[g.resolution];
  const ppm = rowPx / g.resolution;
  const startMin = layout?.startMin ?? 8 * 60;
  const endMin = layout?.endMin ?? 18 * 60;
  const rows = Math.max(1, Math.ceil((endMin - startMin) / g.resolution));
  const bodyHeight = rows * rowPx;

  // Columns are virtualized; a column, once settled, holds its whole day (a day has tens of visits
  // per provider, not thousands; see windowStart below). Vertical scrolling never re-renders, and
  // `directDomUpdates` re-renders on horizontal scrolling only when the visible columns change, and
  // without `flushSync` that render runs after the scrolled frame is shown: the overscanned columns
  // are already there, so the next one is mounted before it comes into view.
  const colV = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => colWidth,
    overscan: 2,
    directDomUpdates: true,
    useFlushSync: false,
  });
  useEffect(() => colV.measure(), [colV, colWidth, columns.length]);
  // Columns coming into the overscan mount in a deferred, time-sliced render: a scrolled frame
  // never waits for a column of cards to be built, and the overscan hides the short delay.
  // A new set of columns (another day, view or filter) renders at once.
  const liveItems = colV.getVirtualItems();
  const deferred = useDeferredValue({ items: liveItems, columns });
  let colItems = deferred.columns === columns ? deferred.items : liveItems;

  const gutterLabels = useMemo(() => {
    const out: Array<{ minute: number; label: string }> = [];
    for (let m = startMin; m < endMin; m += g.resolution) {
      const label = tf.wallMinute(m, g.resolution === 15 || m % 30 === 0);
      if (label) out.push({ minute: m, label });
    }
    return out;
  }, [startMin, endMin, g.resolution, tf]);

  // Scroll to the working day (or now) when a new range arrives.
  const scrolledFor = useRef<string | null>(null);
  const workdayTop = useMemo(() => {
    const opens = columns.flatMap((c) => c.open.map(([s]) => s));
    const first = opens.length ? Math.min(...opens) : 8 * 60;
    return Math.max(0, (first - 30 - startMin) * ppm);
  }, [columns, startMin, ppm]);
  // Before paint: the new range appears at the working day, not first at the old position.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !layout || !range.dataKey || scrolledFor.current === range.dataKey) return;
    scrolledFor.current = range.dataKey;
    el.scrollTop = workdayTop;
  }, [range.dataKey, layout, workdayTop]);

  // A newly loaded range first renders only what is on screen (columns in view, minutes in view),
  // so it shows at once; a deferred, time-sliced render then mounts the overscanned columns and the
  // rest of each column's day, after which vertical scrolling never renders anything.
  const settledKey = useDeferredValue(range.dataKey);
  let windowStart = startMin;
  let windowEnd = endMin;
  if (settledKey !== range.dataKey) {
    // (Reading scrollTop forces a layout: only for a range already scrolled to, which is rare here.)
    const top = scrolledFor.current === range.dataKey ? (scrollRef.current?.scrollTop ?? 0) : workdayTop;
    windowStart = startMin + top / ppm;
    windowEnd = startMin + (top + viewport.height - HEADER) / ppm;
    const left = colV.scrollOffset ?? 0;
    const right = left + viewport.width - GUTTER;
    colItems = colItems.filter((item) => item.end > left && item.start < right);
  }

  // Now-line, refreshed every 30 s.
  const [now, setNow] = useState(mainNow());
  useEffect(() => {
    const t = setInterval(() => setNow(mainNow()), 30_000);
    return () => clearInterval(t);
  }, []);

  // ── Drag to reschedule ───────────────────────────────────────────────────
  const drag = useRef<DragState | null>(null);
  const suppressClick = useRef(false);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const geometry = useRef({ columns, colWidth, ppm, startMin, resolution: g.resolution, zone, axis: g.axis, tf });
  geometry.current = { columns, colWidth, ppm, startMin, resolution: g.resolution, zone, axis: g.axis, tf };

  const pointToSlot = useCallback((clientX: number, clientY: number, grabMin: number) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return dropPlacement(geometry.current, clientX - rect.left, clientY - rect.top, grabMin);
  }, []);

  const onCardPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLButtonElement>, card: CardModel) => {
      if (e.button !== 0 || !['booked', 'confirmed'].includes(card.appointment.status) || card.pending) return;
      const geo = geometry.current;
      const columnIndex = geo.columns.findIndex((c) => c.cards.includes(card));
      const rect = e.currentTarget.getBoundingClientRect();
      drag.current = {
        card,
        columnIndex,
        pointerId: e.pointerId,
        x0: e.clientX,
        y0: e.clientY,
        grabMin: (e.clientY - rect.top) / geo.ppm,
        moved: false,
      };
    },
    [],
  );

  useEffect(() => {
    const onMove = (e: PointerEvent): void => {
      const d = drag.current;
      if (!d || e.pointerId !== d.pointerId) return;
      if (!d.moved && Math.hypot(e.clientX - d.x0, e.clientY - d.y0) < DRAG_THRESHOLD_PX) return;
      d.moved = true;
      const { columnIndex, startMin, startAt } = pointToSlot(e.clientX, e.clientY, d.grabMin);
      const a = d.card.appointment;
      const over = geometry.current.columns[columnIndex];
      setGhost({
        columnIndex,
        startMin,
        durationMin: d.card.endMin - d.card.startMin,
        label: `${geometry.current.tf.time(over?.zone ?? geometry.current.zone, startAt ?? a.startAt)} ${a.patientFamilyName}`,
      });
    };
    const onUp = (e: PointerEvent): void => {
      const d = drag.current;
      if (!d || e.pointerId !== d.pointerId) return;
      drag.current = null;
      setGhost(null);
      if (!d.moved) return;
      suppressClick.current = true;
      setTimeout(() => (suppressClick.current = false), 0);
      const slot = pointToSlot(e.clientX, e.clientY, d.grabMin);
      const geo = geometry.current;
      const target = geo.columns[slot.columnIndex];
      if (!target || slot.startAt === null) return;
      const visit = d.card.appointment;
      const to = {
        startAt: slot.startAt,
        ...(target.providerId && geo.axis === 'providers' ? { providerId: target.providerId } : {}),
        ...(target.roomId ? { roomId: target.roomId } : {}),
      };
      // A visit of a series asks "this visit only" or "this and the following" first.
      void moveDroppedVisit(visit, to, () => useGrid.getState().move(visit.id, to));
    };
    const onCancel = (): void => {
      drag.current = null;
      setGhost(null);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
    };
  }, [pointToSlot]);

  const onOpenCard = useCallback((card: CardModel | MarkerModel) => {
    if (suppressClick.current) return;
    useGrid.getState().select(card.appointment.id);
  }, []);

  const onCellClick = useCallback((column: GridColumn, minute: number) => {
    if (suppressClick.current || !column.providerId) return;
    const geo = geometry.current;
    const snapped = Math.floor(minute / geo.resolution) * geo.resolution;
    const start = instantOfWall(column.zone, column.date, snapped);
    const args = { providerId: column.providerId, start, ...(column.locationId ? { locationId: column.locationId } : {}) };
    const open = isOpenAt(column, snapped, snapped + geo.resolution);
    const action = open ? bookingAction('startBooking') : bookingAction('explainWhyNot');
    if (action) action(args);
    else
      notifyError({
        code: 'INTERNAL',
        message: open ? 'Booking from the calendar is not available yet. Try again in a moment.' : 'This time is outside the provider’s hours or blocked.',
      });
  }, []);

  if (!day || !layout) return <div className="cg-empty">Loading the schedule…</div>;

  const ready = range.dataKey !== null && !range.loading;
  const totalWidth = colV.getTotalSize();
  const nowLines = nowSegments(columns, layout.groups, now).filter((n) => n.minute >= startMin && n.minute < endMin);
  const clock = gutterClock(layout.groups, zone, now);
  const namedZones = spansClocks(layout.groups);
  const hourLine = (60 / g.resolution) * rowPx;

  // One scroller holds everything. The header row and the time gutter are sticky inside it, so
  // the compositor keeps them in place while scrolling: no script and no repaint per scrolled frame.
  return (
    <div className="cg-frame" style={{ ['--cg-gutter' as string]: `${GUTTER}px`, ['--cg-header' as string]: `${HEADER}px` }}>
      <div
        ref={attachScroller}
        className="cg-scroll"
        data-state={ready ? 'ready' : 'loading'}
        data-render-seq={range.answers}
        data-date={day}
        data-mode={g.mode}
        data-axis={g.axis}
        role="region"
        aria-label={g.axis === 'rooms' ? 'Day calendar by room' : 'Day calendar by provider'}
        aria-busy={!ready}
        tabIndex={0}
      >
        <div className="cg-headrow" style={{ width: GUTTER + totalWidth }}>
          <div className="cg-corner" aria-hidden="true">
            <span title={clock.title}>{clock.text}</span>
          </div>
          <div className="cg-head" style={{ width: totalWidth }}>
            {layout.groups.map((grp) => {
              const first = colItems[0]?.index ?? 0;
              const last = colItems[colItems.length - 1]?.index ?? 0;
              if (grp.last < first || grp.first > last) return null;
              return (
                <div
                  key={grp.key}
                  className={`cg-group${grp.key === 'not-scheduled' ? ' cg-group--idle' : ''}`}
                  style={{ left: grp.first * colWidth, width: (grp.last - grp.first + 1) * colWidth, height: GROUP_ROW }}
                >
                  <span className="cg-group__label">
                    {grp.label}
                    {namedZones && (
                      <span className="cg-group__zone" title={zoneTitle(grp.zone, now)}>
                        {' · '}
                        {zoneAbbreviation(grp.zone, now)}
                      </span>
                    )}
                  </span>
                </div>
              );
            })}
            {colItems.map((item) => {
              const c = columns[item.index]!;
              return (
                <div
                  key={c.key}
                  className={`cg-colhead${c.open.length === 0 ? ' cg-colhead--closed' : ''}`}
                  style={{ left: item.start, width: item.size, top: GROUP_ROW, height: NAME_ROW }}
                  data-column-head={c.key}
                >
                  {c.colour && <span className="cg-colhead__swatch" style={{ background: c.colour }} aria-hidden="true" />}
                  <span className="cg-colhead__text">
                    {c.kind === 'provider' ? (
                      <button
                        type="button"
                        className="cg-colhead__name cg-colhead__link"
                        title={`${c.label}: show the week`}
                        onClick={() => c.providerId && useGrid.getState().showWeekOf(c.providerId)}
                      >
                        {c.label}
                      </button>
                    ) : (
                      <span className="cg-colhead__name">{c.label}</span>
                    )}
                    <span className="cg-colhead__sub">{hoursLabel(c, tf)}</span>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="cg-bodyrow" style={{ width: GUTTER + totalWidth, height: bodyHeight }}>
          <div className="cg-gutter" aria-hidden="true">
            {gutterLabels.map(({ minute, label }) => (
              <div
                key={minute}
                className={`cg-gutter__label${minute % 60 === 0 ? ' cg-gutter__label--hour' : ''}`}
                style={{ top: (minute - startMin) * ppm }}
              >
                {label}
              </div>
            ))}
          </div>
          <div ref={canvasRef} className="cg-canvas" style={{ height: bodyHeight, width: totalWidth }}>
            {colItems.map((item) => (
              <ColumnView
                key={columns[item.index]!.key}
                column={columns[item.index]!}
                left={item.start}
                width={item.size}
                height={bodyHeight}
                startMin={startMin}
                endMin={endMin}
                windowStart={windowStart}
                windowEnd={windowEnd}
                ppm={ppm}
                rowPx={rowPx}
                hourPx={hourLine}
                selectedId={g.selectedId}
                tf={tf}
                cardColour={cardColour}
                onCardPointerDown={onCardPointerDown}
                onOpenCard={onOpenCard}
                onCellClick={onCellClick}
              />
            ))}
            {nowLines.map((n) => (
              <div
                key={n.first}
                className="cg-now"
                style={{ top: (n.minute - startMin) * ppm, left: n.first * colWidth, width: (n.last - n.first + 1) * colWidth }}
                aria-hidden="true"
              />
            ))}
            <BlockoutLayer canvasRef={canvasRef} geometry={geometry} />
            <WaitlistMarkerLayer columns={columns} colWidth={colWidth} ppm={ppm} startMin={startMin} endMin={endMin} />
            {ghost && (
              <div
                className="cg-ghost"
                style={{
                  left: ghost.columnIndex * colWidth + 2,
                  width: colWidth - 6,
                  top: (ghost.startMin - startMin) * ppm,
                  height: Math.max(12, ghost.durationMin * ppm - 1),
                }}
                aria-hidden="true"
              >
                {ghost.label}
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function hoursLabel(c: GridColumn, tf: TimeFormatter): string {
  if (c.open.length === 0) return c.kind === 'room' ? 'Closed' : 'Not working';
  const first = c.open[0]![0];
  const last = c.open[c.open.length - 1]![1];
  return `${tf.wallMinute(first, true)}–${tf.wallMinute(last, true)}`;
}

interface ColumnProps {
  column: GridColumn;
  left: number;
  /** The minutes of the day whose cards are rendered (the whole day once settled). */
  windowStart: number;
  windowEnd: number;
  width: number;
  height: number;
  startMin: number;
  endMin: number;
  ppm: number;
  rowPx: number;
  hourPx: number;
  selectedId: string | null;
  tf: TimeFormatter;
  cardColour(a: GridVisitDto): string;
  onCardPointerDown(e: ReactPointerEvent<HTMLButtonElement>, card: CardModel): void;
  onOpenCard(card: CardModel | MarkerModel): void;
  onCellClick(column: GridColumn, minute: number): void;
}

const ColumnView = memo(function ColumnView(p: ColumnProps) {
  const { column, ppm, startMin } = p;
  const from = Math.max(p.startMin, p.windowStart);
  const to = Math.min(p.endMin, p.windowEnd);
  const y = (m: number) => (m - startMin) * ppm;
  const onClick = (e: ReactMouseEvent<HTMLDivElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    p.onCellClick(column, startMin + (e.clientY - rect.top) / ppm);
  };
  return (
    <div
      className={`cg-col${column.providerId ? ' cg-col--bookable' : ''}`}
      style={{
        left: p.left,
        width: p.width,
        height: p.height,
        backgroundSize: `100% ${p.rowPx}px, 100% ${p.hourPx}px`,
        // Cards keep clear of the strip where collapsed cancelled visits are marked.
        ...(column.markers.length > 0 ? { ['--cg-marker-lane' as string]: '7px' } : {}),
      }}
      data-column={column.key}
      onClick={onClick}
    >
      {closedRanges(column, from, to).map(([s, e]) => (
        <div key={`c${s}`} className="cg-closed" style={{ top: y(s), height: (e - s) * ppm }} />
      ))}
      {column.blocks.map((b, i) =>
        b.endMin > from && b.startMin < to ? (
          <div
            key={`b${i}`}
            className={`cg-block${b.external ? ' cg-block--external' : ''}`}
            style={{ top: y(b.startMin), height: (b.endMin - b.startMin) * ppm }}
            title={b.reason || 'Blocked'}
          >
            <span className="cg-block__label">{b.reason || 'Blocked'}</span>
          </div>
        ) : null,
      )}
      {column.cards.map((card) =>
        card.endMin > from && card.startMin < to ? (
          <AppointmentCard
            key={card.appointment.id}
            card={card}
            zone={column.zone}
            tf={p.tf}
            top={y(card.startMin)}
            height={(card.endMin - card.startMin) * ppm}
            ppm={ppm}
            colour={p.cardColour(card.appointment)}
            selected={p.selectedId === card.appointment.id}
            onPointerDown={p.onCardPointerDown}
            onOpen={p.onOpenCard}
          />
        ) : null,
      )}
      {column.markers.map((m) =>
        m.endMin > from && m.startMin < to ? (
          <ReleasedMarker
            key={m.appointment.id}
            marker={m}
            zone={column.zone}
            tf={p.tf}
            top={y(m.startMin)}
            height={(m.endMin - m.startMin) * ppm}
            selected={p.selectedId === m.appointment.id}
            onOpen={p.onOpenCard}
          />
        ) : null,
      )}
    </div>
  );
});
