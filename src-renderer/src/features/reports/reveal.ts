import { useEffect, useRef } from 'react';

/** A box that appears below the form: bring it into view (its Cancel button must be reachable at once). */
export function useRevealed<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  // Braces: an effect must return nothing or a cleanup, and newer Chromium's scrollIntoView returns a promise.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return ref;
}
