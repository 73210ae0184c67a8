import { useEffect, useMemo } from 'react';
import { isTypingTarget, useShortcuts } from '../../lib/keyboard';
import { useDay } from '../../stores/day';
import { useClinicSetup } from '../../stores/clinic-setup';
import { RemindersDayList } from '../reminders';
import { CalendarGrid } from './CalendarGrid';
import { CardMenu } from './CardMenu';
import { WeekBoard } from './WeekBoard';
import { GridToolbar } from './GridToolbar';
import { useRevealOpening } from './reveal-opening';
import { useClosePanelOnEscape } from './close-panel-on-escape';
import { useSelectionFollowsRange } from './selection-follows-range';
import { gridZone, useGrid } from './grid-store';
import './calendar-grid.css';
import './panel-room.css';
import { addDays } from '@shared/time';

/**
 * The main slot: the toolbar and the day grid, the week of every provider or
 * the reminders day list. Keys: d day, w week, r reminders; ← / → previous /
 * next day (a week at a time in the week view) unless the grid itself has
 * focus, where arrows scroll it.
 */
export function CalendarView() {
  const view = useGrid((s) => s.view);
  const mode = useGrid((s) => s.mode);
  const locationId = useGrid((s) => s.locationId);
  const zone = useClinicSetup((setup) => gridZone(locationId, setup));
  // The grid's range stays loaded under the reminders list too: the appointment panel reads it.
  useEffect(() => useGrid.getState().connect(), []);
  useRevealOpening();
  useClosePanelOnEscape();
  useSelectionFollowsRange();

  const shortcuts = useMemo(
    () => ({
      d: () => useGrid.getState().setMode('day'),
      w: () => useGrid.getState().setMode('week'),
      r: () => useGrid.getState().setView('reminders'),
    }),
    [],
  );
  useShortcuts(shortcuts);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || isTypingTarget(e.target)) return;
      if (e.target instanceof Element && e.target.closest('.cg-scroll, [role="dialog"], [role="listbox"], [role="menu"]')) return;
      const { day, show } = useDay.getState();
      if (!day) return;
      e.preventDefault();
      const step = useGrid.getState().mode === 'week' && useGrid.getState().view === 'grid' ? 7 : 1;
      show(addDays(day, e.key === 'ArrowLeft' ? -step : step));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="cg-view">
      <GridToolbar />
      {view === 'reminders' ? (
        <RemindersDayList locationId={locationId} zone={zone} onOpenVisit={(id) => useGrid.getState().select(id)} />
      ) : mode === 'week' ? (
        <WeekBoard />
      ) : (
        <CalendarGrid />
      )}
      <CardMenu />
    </div>
  );
}
