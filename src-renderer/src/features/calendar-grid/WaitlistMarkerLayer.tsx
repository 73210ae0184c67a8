import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { useDismiss } from '../../lib/dismiss';
import { OpeningFitsList, openingWords, useWaitlistOpening, type ShownOpening } from '../waitlist';
import { usePatientSearch } from '../patient-search';
import { useGrid } from './grid-store';
import type { GridColumn } from './layout';
import { openingCells, type OpeningCell } from './waitlist-cells';
import './waitlist-marker.css';

interface Props {
  columns: readonly GridColumn[];
  colWidth: number;
  ppm: number;
  startMin: number;
  endMin: number;
}

/** Wide enough for a name, a type, a time and a Book button on one line. */
const POPOVER_WIDTH = 560;

/**
 * Time that opened, drawn where it opened: an outline over the freed time in
 * the provider's column and a badge ("3 waitlist fit") at the first time an
 * entry fits. The badge lists the entries that fit, each booked with one more
 * click. The layer tells the waitlist which marks are in view (not scrolled
 * away, not under the details panel), so the banner above the schedule names
 * only the others, and brings a mark into view when the banner's Show asks.
 */
export function WaitlistMarkerLayer({ columns, colWidth, ppm, startMin, endMin }: Props) {
  const openings = useWaitlistOpening((s) => s.openings);
  const expandedKey = useWaitlistOpening((s) => s.expandedKey);
  const revealKey = useWaitlistOpening((s) => s.revealKey);
  const cells = useMemo(() => openingCells(openings, columns, startMin, endMin), [openings, columns, startMin, endMin]);
  const badges = useRef(new Map<string, HTMLButtonElement>());
  const layer = useRef<HTMLDivElement>(null);
  // The details panel covers part of the grid: whether a mark shows changes when it opens or closes.
  const selectedId = useGrid((s) => s.selectedId);
  const patientOpen = usePatientSearch((s) => s.patientId !== null);

  const measure = useCallback(() => {
    const shown: string[] = [];
    for (const [key, el] of badges.current) {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit && el.contains(hit)) shown.push(key);
    }
    useWaitlistOpening.getState().setOnScreen(shown);
  }, []);

  useEffect(() => {
    const scroller = layer.current?.closest('.cg-scroll');
    if (!scroller) return;
    let frame = 0;
    const soon = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    scroller.addEventListener('scroll', soon, { passive: true });
    const resized = new ResizeObserver(soon);
    resized.observe(scroller);
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', soon);
      resized.disconnect();
      useWaitlistOpening.getState().setOnScreen([]);
    };
  }, [measure]);

  // After the panel's own layout has settled (it opens in the same commit), see what shows.
  useEffect(() => {
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  }, [measure, cells, colWidth, ppm, selectedId, patientOpen]);

  // "Show" from the banner: the grid has come to the opening's day; bring its mark into view and list who fits.
  useLayoutEffect(() => {
    if (!revealKey) return;
    const el = badges.current.get(revealKey);
    if (!el) return;
    el.scrollIntoView({ block: 'center', inline: 'center' });
    useWaitlistOpening.getState().revealed();
    useWaitlistOpening.getState().show(revealKey);
    el.focus({ preventScroll: true });
  }, [revealKey, cells]);

  const byKey = new Map(openings.map((o) => [o.key, o]));
  return (
    <div ref={layer} className="cg-wl-layer">
      {cells.map((cell) => {
        const opening = byKey.get(cell.key);
        if (!opening) return null;
        return (
          <OpeningMark
            key={cell.key}
            cell={cell}
            opening={opening}
            left={cell.columnIndex * colWidth}
            width={colWidth}
            y={(m) => (m - startMin) * ppm}
            popoverLeft={Math.max(0, Math.min(cell.columnIndex * colWidth, columns.length * colWidth - POPOVER_WIDTH))}
            expanded={expandedKey === cell.key}
            badgeRef={(el) => {
              if (el) badges.current.set(cell.key, el);
              else badges.current.delete(cell.key);
            }}
          />
        );
      })}
    </div>
  );
}

interface MarkProps {
  cell: OpeningCell;
  opening: ShownOpening;
  left: number;
  width: number;
  y(minute: number): number;
  popoverLeft: number;
  expanded: boolean;
  badgeRef(el: HTMLButtonElement | null): void;
}

function OpeningMark({ cell, opening, left, width, y, popoverLeft, expanded, badgeRef }: MarkProps) {
  const setup = useClinicSetup((s) => s);
  const tf = useTimeFormatter();
  const words = openingWords(opening, setup, tf);
  const popover = useRef<HTMLDivElement>(null);
  const { show, collapse, dismiss } = useWaitlistOpening.getState();
  useDismiss(popover, expanded, collapse);
  const badgeTop = y(cell.badgeMin);
  return (
    <>
      <div
        className="cg-wl-opened"
        style={{ left: left + 1, width: width - 3, top: y(cell.startMin), height: Math.max(4, y(cell.endMin) - y(cell.startMin)) }}
        aria-hidden="true"
      />
      <button
        ref={badgeRef}
        type="button"
        className="cg-wl-badge"
        style={{ left: left + 4, top: badgeTop + 2 }}
        data-testid="waitlist-marker"
        data-opening={cell.key}
        aria-expanded={expanded}
        aria-description={words}
        title={words}
        onClick={(e) => {
          e.stopPropagation();
          if (expanded) collapse();
          else show(cell.key);
        }}
      >
        {opening.count} waitlist {opening.count === 1 ? 'fits' : 'fit'}
      </button>
      {expanded && (
        <div
          ref={popover}
          className="cg-wl-pop"
          role="dialog"
          aria-label={words}
          style={{ left: popoverLeft, top: badgeTop + 26, width: POPOVER_WIDTH }}
          onClick={(e) => e.stopPropagation()}
          onPointerDown={(e) => e.stopPropagation()}
        >
          <div className="cg-wl-pop__head">
            <strong>{words}</strong>
            <button type="button" className="button" onClick={() => dismiss(cell.key)}>
              Dismiss
            </button>
          </div>
          <OpeningFitsList />
        </div>
      )}
    </>
  );
}
