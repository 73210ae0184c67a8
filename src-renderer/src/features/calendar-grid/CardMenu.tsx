import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { AppointmentId } from '@shared/domain/ids';
import { mainNow } from '../../stores/app-status';
import { bookingAction } from '../../stores/booking-bridge';
import { gridRange, useGrid } from './grid-store';
import { earlierThan, MOVABLE, statusChoices, useBookingAction } from './visit-actions';
import './card-menu.css';

interface Opened {
  id: AppointmentId;
  x: number;
  y: number;
  /** Where focus goes back when the menu closes without opening a dialog. */
  returnTo: HTMLElement | null;
}

interface Item {
  key: string;
  label: string;
  danger?: boolean;
  run(): void;
}

/** The visit card (day grid or week view) an event happened on, with its id. */
function cardOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>('.cg-view [data-appointment-id]') : null;
}

/**
 * The right-click menu of a visit card with the panel's actions. Opened by the
 * mouse's right button, the context-menu key or Shift+F10 on a focused card;
 * arrow keys, Home and End move in it, Enter runs an item, Esc closes it and
 * focus goes back to the card.
 */
export function CardMenu() {
  const [opened, setOpened] = useState<Opened | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  const hasReschedule = useBookingAction('openReschedule');
  const hasCancel = useBookingAction('openCancel');
  const hasBookAgain = useBookingAction('bookAgain');
  const hasWaitlist = useBookingAction('addToWaitlist');

  const close = useCallback((refocus: boolean) => {
    setOpened((o) => {
      if (refocus) o?.returnTo?.focus();
      return null;
    });
    setPlace(null);
  }, []);

  useEffect(() => {
    const openAt = (card: HTMLElement, x: number, y: number): void => {
      const id = card.dataset.appointmentId as AppointmentId;
      setOpened({ id, x, y, returnTo: card });
    };
    const onContextMenu = (e: MouseEvent): void => {
      const card = cardOf(e.target);
      if (!card) return;
      e.preventDefault();
      // The context-menu key fires this too, at no pointer position: open by the card instead.
      if (e.button !== 2 || (e.clientX === 0 && e.clientY === 0)) {
        const r = card.getBoundingClientRect();
        openAt(card, r.left + 8, r.bottom);
      } else openAt(card, e.clientX, e.clientY);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) return;
      const card = cardOf(document.activeElement);
      if (!card) return;
      e.preventDefault();
      const r = card.getBoundingClientRect();
      openAt(card, r.left + 8, r.bottom);
    };
    document.addEventListener('contextmenu', onContextMenu);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('contextmenu', onContextMenu);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  // Kept inside the window (measured while hidden) ...
  useLayoutEffect(() => {
    const el = menuRef.current;
    if (!opened || !el) return;
    const r = el.getBoundingClientRect();
    setPlace({
      left: Math.max(4, Math.min(opened.x, window.innerWidth - r.width - 4)),
      top: Math.max(4, opened.y + r.height > window.innerHeight - 4 ? opened.y - r.height : opened.y),
    });
  }, [opened]);
  // ... then, once visible (a hidden element cannot take focus), the first item takes focus.
  useLayoutEffect(() => {
    if (place) menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [place]);

  useEffect(() => {
    if (!opened) return;
    const onDown = (e: MouseEvent): void => {
      if (!menuRef.current?.contains(e.target as Node)) close(false);
    };
    const onScroll = (e: Event): void => {
      if (!menuRef.current?.contains(e.target as Node)) close(false);
    };
    const onBlur = (): void => close(false);
    // Esc closes the menu wherever focus is (a right-click may leave it on the page).
    const onEscape = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close(true);
    };
    window.addEventListener('keydown', onEscape);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('keydown', onEscape);
    };
  }, [opened, close]);

  if (!opened) return null;
  const visit = gridRange.getState().data?.appointments.find((a) => a.id === opened.id);
  if (!visit) return null;
  const grid = useGrid.getState();
  const items: Item[] = [
    { key: 'open', label: 'Open details', run: () => grid.select(visit.id) },
    ...statusChoices(visit, mainNow()).map((c) => ({
      key: c.action,
      label: c.label,
      run: () => void grid.changeStatus(c.action, visit.id),
    })),
  ];
  // A visit of a series: the same choice as its dialogs, "this visit only" or "this and the following".
  const series = visit.inSeries;
  if (MOVABLE.includes(visit.status) && hasReschedule) {
    items.push({ key: 'reschedule', label: series ? 'Reschedule this visit…' : 'Reschedule…', run: () => bookingAction('openReschedule')?.(visit.id, 'this') });
    if (series) {
      items.push({ key: 'reschedule-following', label: 'Reschedule this and the following…', run: () => bookingAction('openReschedule')?.(visit.id, 'following') });
    }
  }
  if (hasBookAgain) {
    items.push({
      key: 'book-again',
      label: 'Book again…',
      run: () =>
        bookingAction('bookAgain')?.({ patientId: visit.patientId, typeId: visit.typeId, providerId: visit.providerId, locationId: visit.locationId }),
    });
  }
  if (MOVABLE.includes(visit.status) && hasWaitlist) {
    items.push({ key: 'waitlist', label: 'Waitlist for an earlier time…', run: () => bookingAction('addToWaitlist')?.(earlierThan(visit)) });
  }
  if (MOVABLE.includes(visit.status) && hasCancel) {
    items.push({ key: 'cancel', label: series ? 'Cancel this visit…' : 'Cancel visit…', danger: true, run: () => bookingAction('openCancel')?.(visit.id, 'this') });
    if (series) {
      items.push({ key: 'cancel-following', label: 'Cancel this and the following…', danger: true, run: () => bookingAction('openCancel')?.(visit.id, 'following') });
    }
  }

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    const buttons = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number): void => buttons[(i + buttons.length) % buttons.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(buttons.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={menuRef}
      className="card-menu"
      role="menu"
      aria-label={`${visit.patientGivenName} ${visit.patientFamilyName}, ${visit.typeName}`}
      style={place ?? { left: opened.x, top: opened.y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`card-menu__item${item.danger ? ' card-menu__item--danger' : ''}`}
          onClick={() => {
            close(false);
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
