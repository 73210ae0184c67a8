import { useEffect } from 'react';

/**
 * Single-key shortcuts for a keyboard-first desk (Google Calendar's habits:
 * t today, n/p next/previous, / search). They never fire while the
 * receptionist is typing in a field or while a modifier is held.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

export function useShortcuts(shortcuts: ShortcutMap): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const action = shortcuts[e.key];
      if (!action) return;
      e.preventDefault();
      action(e);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shortcuts]);
}
