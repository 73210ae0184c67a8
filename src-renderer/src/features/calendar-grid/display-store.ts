import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * How the day grid is drawn at this desk. The colour choice is remembered on
 * this computer (it is a habit of the person at the desk, not clinic data);
 * the two "show" switches start off every time, so the grid opens uncluttered.
 */
export type CardColour = 'type' | 'provider';

interface GridDisplayState {
  /** Cards take their appointment type's colour, or their provider's. */
  colourBy: CardColour;
  /** Cancelled visits and no-shows as whole cards; otherwise a thin marker at the column's edge. */
  showReleased: boolean;
  /** Columns for providers who do not work that day (and have no visits). */
  showOffDuty: boolean;
  setColourBy(colourBy: CardColour): void;
  setShowReleased(show: boolean): void;
  setShowOffDuty(show: boolean): void;
}

export const useGridDisplay = create<GridDisplayState>()(
  persist(
    (set) => ({
      colourBy: 'type',
      showReleased: false,
      showOffDuty: false,
      setColourBy: (colourBy) => set({ colourBy }),
      setShowReleased: (showReleased) => set({ showReleased }),
      setShowOffDuty: (showOffDuty) => set({ showOffDuty }),
    }),
    {
      name: 'frontdesk.grid-display',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ colourBy: s.colourBy }),
    },
  ),
);
