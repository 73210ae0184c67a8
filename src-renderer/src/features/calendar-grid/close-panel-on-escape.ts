import { useEffect } from 'react';
import { isTypingTarget } from '../../lib/keyboard';
import { usePatientSearch } from '../patient-search';
import { useGrid } from './grid-store';

/**
 * Esc on the schedule puts away the details panel laid over it (the visit or
 * the patient), unless a dialog, a menu or a popover is open (Esc closes that
 * first) or the desk is typing.
 */
export function useClosePanelOnEscape(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented || isTypingTarget(e.target)) return;
      const open = [...document.querySelectorAll('[role="dialog"], [role="menu"], [role="listbox"]')].some((el) => el.getClientRects().length > 0);
      if (open) return;
      useGrid.getState().select(null);
      usePatientSearch.getState().closePanel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
