import { useEffect, useRef, useState, type RefObject } from 'react';
import { BlockoutDialog } from './BlockoutDialog';
import './blockout-draw.css';
import { blockoutAt, snapRange, useBlockoutDraw } from './blockout-draw';
import { gridRange } from './grid-store';
import type { GridColumn } from './layout';
import { wallMinutesOn } from '@shared/time';

/** The grid geometry the layer needs (CalendarGrid's `geometry` ref carries it). */
export interface BlockGeometry {
  columns: GridColumn[];
  colWidth: number;
  ppm: number;
  startMin: number;
  resolution: number;
  zone: string;
}

const DRAW_THRESHOLD_PX = 6;

interface Drawing {
  pointerId: number;
  columnIndex: number;
  y0: number;
  fromMin: number;
  toMin: number;
  moved: boolean;
}

/**
 * Drag on free time of a column to block it; click a blockout to edit it.
 * Listens on the grid's canvas itself (capture phase), so the grid needs only
 * to render this layer: a click that ends a drawing, or lands on a blockout,
 * never reaches the grid's own click (which starts a booking).
 */
export function BlockoutLayer({ canvasRef, geometry }: { canvasRef: RefObject<HTMLDivElement | null>; geometry: { readonly current: BlockGeometry } }) {
  const [preview, setPreview] = useState<Drawing | null>(null);
  const drawing = useRef<Drawing | null>(null);
  const swallowClick = useRef(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pointAt = (clientX: number, clientY: number) => {
      const rect = canvas.getBoundingClientRect();
      const geo = geometry.current;
      return {
        columnIndex: Math.min(geo.columns.length - 1, Math.max(0, Math.floor((clientX - rect.left) / geo.colWidth))),
        minute: geo.startMin + (clientY - rect.top) / geo.ppm,
      };
    };
    const onDown = (e: PointerEvent): void => {
      const target = e.target as HTMLElement;
      // Only free time (the column itself or its closed shading): cards drag to reschedule, blockouts open on click.
      if (e.button !== 0 || !(target.classList.contains('cg-col') || target.classList.contains('cg-closed'))) return;
      const { columnIndex, minute } = pointAt(e.clientX, e.clientY);
      const column = geometry.current.columns[columnIndex];
      if (!column || (column.kind === 'room' ? !column.roomId : !column.providerId)) return;
      drawing.current = { pointerId: e.pointerId, columnIndex, y0: e.clientY, fromMin: minute, toMin: minute, moved: false };
    };
    const onMove = (e: PointerEvent): void => {
      const d = drawing.current;
      if (!d || e.pointerId !== d.pointerId) return;
      if (!d.moved && Math.abs(e.clientY - d.y0) < DRAW_THRESHOLD_PX) return;
      d.moved = true;
      d.toMin = pointAt(e.clientX, e.clientY).minute;
      setPreview({ ...d });
    };
    const onUp = (e: PointerEvent): void => {
      const d = drawing.current;
      if (!d || e.pointerId !== d.pointerId) return;
      drawing.current = null;
      setPreview(null);
      if (!d.moved) return;
      swallowClick.current = true;
      setTimeout(() => (swallowClick.current = false), 0);
      const geo = geometry.current;
      const column = geo.columns[d.columnIndex];
      if (!column) return;
      const range = snapRange(d.fromMin, pointAt(e.clientX, e.clientY).minute, geo.resolution);
      useBlockoutDraw.getState().open({
        id: null,
        providerId: column.kind === 'room' ? null : column.providerId,
        roomId: column.kind === 'room' ? column.roomId : null,
        targetLabel: column.label,
        date: column.date,
        zone: column.zone,
        ...range,
        reason: '',
        repeatUntil: '',
      });
    };
    // The system took the pointer (a touch scroll, a dialog, the window losing focus): drop the drawing, open nothing.
    const onCancel = (e: PointerEvent): void => {
      if (drawing.current?.pointerId !== e.pointerId) return;
      drawing.current = null;
      setPreview(null);
    };
    const onClickCapture = (e: MouseEvent): void => {
      if (swallowClick.current) {
        e.stopPropagation();
        return;
      }
      const block = (e.target as HTMLElement).closest('.cg-block');
      if (!block) return;
      const { columnIndex, minute } = pointAt(e.clientX, e.clientY);
      const geo = geometry.current;
      const column = geo.columns[columnIndex];
      const found = column ? blockoutAt(gridRange.getState().data?.blockouts ?? [], column, column.zone, minute) : null;
      if (!column || !found) return;
      e.stopPropagation();
      // A blockout running past midnight is edited as the part shown on this day.
      const startMin = Math.max(0, wallMinutesOn(column.zone, column.date, found.startAt));
      const endMin = Math.min(1440, wallMinutesOn(column.zone, column.date, found.endAt));
      useBlockoutDraw.getState().open({
        id: found.id,
        providerId: found.providerId,
        roomId: found.roomId,
        targetLabel: column.label,
        date: column.date,
        zone: column.zone,
        startMin,
        endMin,
        reason: found.reason,
        repeatUntil: '',
      });
    };
    canvas.addEventListener('pointerdown', onDown);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    canvas.addEventListener('click', onClickCapture, true);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
      canvas.removeEventListener('click', onClickCapture, true);
    };
  }, [canvasRef, geometry]);

  const geo = geometry.current;
  const range = preview ? snapRange(preview.fromMin, preview.toMin, geo.resolution) : null;
  return (
    <>
      {preview && range && (
        <div
          className="cg-block-draft"
          style={{
            left: preview.columnIndex * geo.colWidth + 2,
            width: geo.colWidth - 6,
            top: (range.startMin - geo.startMin) * geo.ppm,
            height: (range.endMin - range.startMin) * geo.ppm,
          }}
          aria-hidden="true"
        />
      )}
      <BlockoutDialog />
    </>
  );
}
