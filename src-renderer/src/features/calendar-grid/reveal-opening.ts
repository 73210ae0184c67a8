import { useEffect } from 'react';
import { localDateIn } from '@shared/time';
import { currentSetup } from '../../stores/clinic-setup';
import { useDay } from '../../stores/day';
import { useWaitlistOpening } from '../waitlist';
import { useGrid } from './grid-store';

/**
 * The banner's "Show" for time that opened off screen: the schedule goes to
 * the day grid of that day, by provider, with the provider shown and the
 * location filter letting them in; the marker layer then scrolls the mark into
 * view once it is drawn.
 */
export function useRevealOpening(): void {
  useEffect(
    () =>
      useWaitlistOpening.subscribe((s, before) => {
        if (!s.revealKey || s.revealKey === before.revealKey) return;
        const opening = s.openings.find((o) => o.key === s.revealKey);
        const zone = currentSetup()?.locations.find((l) => l.id === opening?.firstLocationId)?.zone;
        if (!opening || !zone) return;
        const grid = useGrid.getState();
        if (grid.hiddenProviderIds.has(opening.providerId)) grid.toggleProvider(opening.providerId);
        if (grid.locationId !== null && grid.locationId !== opening.firstLocationId) grid.setLocation(null);
        if (grid.view !== 'grid' || grid.mode !== 'day' || grid.axis !== 'providers') grid.setAxis('providers');
        if (grid.mode !== 'day') grid.setMode('day');
        useDay.getState().show(localDateIn(zone, opening.firstStart));
      }),
    [],
  );
}
