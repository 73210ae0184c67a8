import { useMemo } from 'react';
import { useShortcuts } from '../../lib/keyboard';
import { todayInClinic, useDay } from '../../stores/day';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** Previous / Today / Next and the shown date; also from the keyboard (t, n or j, p or k). */
export function DateNavigator() {
  const tf = useTimeFormatter();
  const day = useDay((s) => s.day);
  const { today, next, previous, show } = useDay.getState();

  const shortcuts = useMemo(() => ({ t: today, n: next, j: next, p: previous, k: previous }), [today, next, previous]);
  useShortcuts(shortcuts);

  if (!day) return null;
  const isToday = day === todayInClinic();
  return (
    <nav className="date-nav" aria-label="Date">
      {/* Disabled on today's date: the button itself tells that today is shown. */}
      <button type="button" className="button" onClick={today} aria-keyshortcuts="t" title="Today (T)" disabled={isToday}>
        Today
      </button>
      <div className="date-nav__steps">
        <button
          type="button"
          className="button button--icon"
          onClick={previous}
          aria-label="Previous day"
          aria-keyshortcuts="p"
          title="Previous day (P)"
        >
          ‹
        </button>
        <button
          type="button"
          className="button button--icon"
          onClick={next}
          aria-label="Next day"
          aria-keyshortcuts="n"
          title="Next day (N)"
        >
          ›
        </button>
      </div>
      <h1 className="date-nav__label" aria-live="polite">
        {/* The short form fits the top bar at 1366 px beside the search; readers hear the whole date. */}
        <span aria-hidden="true">{tf.mediumDate(day)}</span>
        <span className="visually-hidden">{tf.longDate(day)}</span>
        {isToday && <span className="visually-hidden">, today</span>}
      </h1>
      <label className="visually-hidden" htmlFor="date-nav-picker">
        Go to date
      </label>
      <input
        id="date-nav-picker"
        className="date-nav__picker"
        type="date"
        value={day}
        onChange={(e) => show(e.currentTarget.value)}
      />
    </nav>
  );
}
