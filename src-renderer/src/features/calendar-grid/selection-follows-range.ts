import { useEffect } from 'react';
import { gridRange, useGrid } from './grid-store';

/**
 * A visit stays picked while the schedule shows it. Going to a day or week
 * without it (the visit was picked on the week, then a day opened) puts the
 * selection away, so no empty details panel is left lying over the grid.
 */
export function useSelectionFollowsRange(): void {
  useEffect(
    () =>
      gridRange.store.subscribe((range) => {
        const id = useGrid.getState().selectedId;
        if (!id || range.status === 'loading' || !range.data) return;
        if (!range.data.appointments.some((a) => a.id === id)) useGrid.getState().select(null);
      }),
    [],
  );
}
