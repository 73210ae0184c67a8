import { useState, type KeyboardEvent } from 'react';

/**
 * Keyboard choice in a combobox's list of options: ↑/↓ move the highlight
 * (wrapping), Enter picks it. `current` is the highlighted index within the
 * list as it is now; `reset` goes back to the first (new text, new list).
 * `comboboxProps` are the input's ARIA wiring to the list `${id}-list` and its
 * options `${id}-opt-N`.
 */
export function useListChoice(count: number, pick: (index: number) => void, id: string) {
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
  const expanded = count > 0;
  const comboboxProps = {
    id: `${id}-q`,
    type: 'text',
    role: 'combobox',
    autoComplete: 'off',
    spellCheck: false,
    'aria-autocomplete': 'list',
    'aria-expanded': expanded,
    'aria-controls': `${id}-list`,
    'aria-activedescendant': expanded ? `${id}-opt-${current}` : undefined,
  } as const;
  return { current, expanded, onKeyDown, reset: () => setActive(0), comboboxProps };
}
