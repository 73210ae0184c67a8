import { useCallback, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDismiss } from '../../lib/dismiss';
import { useGridDisplay, type CardColour } from './display-store';

const COLOURS: Array<[CardColour, string]> = [
  ['type', 'Appointment type'],
  ['provider', 'Provider'],
];

/**
 * The grid's "Display" menu: what the cards are coloured by (remembered at this
 * desk), and whether cancelled visits, no-shows and providers who are not
 * working that day are shown. One button keeps the toolbar on one line.
 */
export function GridDisplayMenu({ offDutyApplies }: { offDutyApplies: boolean }) {
  const d = useGridDisplay(useShallow((s) => ({ colourBy: s.colourBy, showReleased: s.showReleased, showOffDuty: s.showOffDuty })));
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, useCallback(() => setOpen(false), []));
  const id = useId();
  return (
    <div className="cg-filter cg-display" ref={ref}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        title="Card colours, cancelled visits and providers not working"
        onClick={() => setOpen(!open)}
      >
        Display
      </button>
      {open && (
        <div id={`${id}-menu`} className="cg-filter__list cg-display__list" role="group" aria-label="Display">
          <fieldset className="cg-display__group">
            <legend>Colour cards by</legend>
            {COLOURS.map(([value, label]) => (
              <label key={value} className="cg-filter__item">
                <input
                  type="radio"
                  name={`${id}-colour`}
                  value={value}
                  checked={d.colourBy === value}
                  onChange={() => useGridDisplay.getState().setColourBy(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <label className="cg-filter__item">
            <input type="checkbox" checked={d.showReleased} onChange={(e) => useGridDisplay.getState().setShowReleased(e.currentTarget.checked)} />
            Show cancelled and no-shows
          </label>
          {offDutyApplies && (
            <label className="cg-filter__item">
              <input type="checkbox" checked={d.showOffDuty} onChange={(e) => useGridDisplay.getState().setShowOffDuty(e.currentTarget.checked)} />
              Show providers not working
            </label>
          )}
        </div>
      )}
    </div>
  );
}
