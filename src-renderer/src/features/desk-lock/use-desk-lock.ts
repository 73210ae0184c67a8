import { useEffect } from 'react';
import { useDeskLock } from './desk-lock-store';
import { isLockShortcut } from './lock-text';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * For App, once the clinic is ready: follows main's desk lock, reports
 * pointer and key activity (throttled in the store) and handles Ctrl+L.
 * True only while main says the desk is unlocked; until it has answered, false.
 */
export function useDeskOpen(ready: boolean): boolean {
  const open = useDeskLock((s) => s.status !== null && !s.status.locked);

  useEffect(() => {
    if (ready) return useDeskLock.getState().connect();
  }, [ready]);

  useEffect(() => {
    if (!ready) return;
    const onActivity = (): void => useDeskLock.getState().activity();
    const onKey = (e: KeyboardEvent): void => {
      if (!isLockShortcut(e)) return onActivity();
      e.preventDefault();
      if (useDeskLock.getState().status?.locked === false) void useDeskLock.getState().lock();
    };
    // Capture phase: a component that stops a key or a click still counts as activity.
    const options = { capture: true, passive: true } as const;
    window.addEventListener('keydown', onKey, { capture: true });
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, options);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, options);
    };
  }, [ready]);

  return open;
}
