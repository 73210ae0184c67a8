import { useState, type KeyboardEvent } from 'react';

/**
 * Keyboard choice in a combobox's list of options: ↑/↓ move the highlight
 * (wrapping), Enter picks it. `current` is the highlighted index within the
 * list as it is now; `reset` goes back to the first (new text, new list).
 */
export function useListChoice(count: number, pick: (index: number) => void) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, count - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (count === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + count) % count);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(current);
    }
  };
  return { current, onKeyDown, reset: () => setActive(0) };
}
