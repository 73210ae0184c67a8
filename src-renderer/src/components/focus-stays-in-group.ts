import { useLayoutEffect, useRef, type FocusEvent, type RefObject } from 'react';

interface FocusKeeper {
  onFocus(e: FocusEvent<HTMLElement>): void;
  onBlur(e: FocusEvent<HTMLElement>): void;
}

/**
 * Keeps the keyboard focus inside a group of actions whose buttons come and
 * go. When the focused button is removed (a "Check in" no longer offered once
 * the patient is in) the browser drops the focus to the page, and a keyboard
 * user starts again from the top; instead it moves to the group's first
 * button. A button disabled while its action runs gets the focus as soon as
 * it is enabled again. Handlers go on the group (React's focus events bubble).
 */
export function useFocusStaysInGroup(group: RefObject<HTMLElement | null>): FocusKeeper {
  const held = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const el = group.current;
    const last = held.current;
    if (!el || !last) return;
    const active = document.activeElement;
    if (active && active !== document.body) {
      // The person moved on (a dialog, another field): nothing to keep.
      if (!el.contains(active)) held.current = null;
      return;
    }
    if (last.isConnected) {
      if (!(last as HTMLButtonElement).disabled) last.focus();
      return;
    }
    // The group's first button; while the action still runs it is disabled, and gets the focus once it is not.
    const next = el.querySelector<HTMLButtonElement>('button');
    held.current = next;
    if (next && !next.disabled) next.focus();
  });
  return {
    onFocus: (e) => {
      held.current = e.target;
    },
    onBlur: (e) => {
      // Left for another control or by a click on the page: the focus is the person's to move.
      const left = e.target as HTMLButtonElement;
      if (e.relatedTarget !== null || (left.isConnected && !left.disabled)) held.current = null;
    },
  };
}
