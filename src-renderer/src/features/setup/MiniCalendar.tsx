import { useState } from 'react';
import type { HoursOverrideDto, OpeningHoursRuleDto } from '@shared/domain/clinic';
import { addDays } from '@shared/time';
import { useTimeFormatter } from '../../stores/clinic-setup';

const WEEKDAY_LETTERS = ['M', 'T', 'W', 'T', 'F', 'S', 'S'];

/** ISO weekday (1 = Monday) of a local date, without time zones: the date is a calendar day. */
const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const monthOf = (date: string): string => `${date.slice(0, 7)}-01`;

function openByWeek(rules: readonly OpeningHoursRuleDto[], date: string): boolean {
  const wd = isoWeekday(date);
  return rules.some((r) => r.weekday === wd && r.effectiveFrom <= date && (r.effectiveUntil === null || r.effectiveUntil >= date));
}

/**
 * A small month calendar of one provider's hours at one location: days open
 * by the weekly hours, closed days and special hours; picking a day chooses
 * the date to change.
 */
export function MiniCalendar({
  rules,
  overrides,
  picked,
  today,
  onPick,
}: {
  rules: readonly OpeningHoursRuleDto[];
  overrides: readonly HoursOverrideDto[];
  picked: string;
  today: string;
  onPick(date: string): void;
}) {
  const tf = useTimeFormatter();
  const [month, setMonth] = useState(monthOf(picked || today));
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const first = addDays(month, 1 - isoWeekday(month));
  const days = Array.from({ length: 42 }, (_, i) => addDays(first, i));
  const title = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}T00:00:00Z`));
  const shift = (months: number) => {
    const d = new Date(`${month}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    setMonth(d.toISOString().slice(0, 10));
  };
  return (
    <div className="su-cal">
      <div className="su-cal__head">
        <button type="button" className="button button--icon" onClick={() => shift(-1)} aria-label="Previous month">
          ‹
        </button>
        <span className="su-cal__title" aria-live="polite">
          {title}
        </span>
        <button type="button" className="button button--icon" onClick={() => shift(1)} aria-label="Next month">
          ›
        </button>
      </div>
      <div className="su-cal__grid" role="group" aria-label={`Hours in ${title}`}>
        {WEEKDAY_LETTERS.map((l, i) => (
          <span key={i} className="su-cal__wd" aria-hidden="true">
            {l}
          </span>
        ))}
        {days.map((d) => {
          const o = byDate.get(d);
          const state = o ? (o.intervals.length === 0 ? 'closed' : 'special') : openByWeek(rules, d) ? 'open' : 'off';
          const words = { closed: 'closed', special: 'special hours', open: 'open', off: 'no hours' }[state];
          return (
            <button
              key={d}
              type="button"
              className="su-cal__day"
              data-state={state}
              data-other-month={d.slice(0, 7) !== month.slice(0, 7) ? 'true' : undefined}
              aria-pressed={d === picked}
              // The name starts with the visible day number's date written out, so speech and voice control find it.
              aria-label={`${tf.longDate(d)}, ${words}`}
              onClick={() => onPick(d)}
            >
              {Number(d.slice(8))}
            </button>
          );
        })}
      </div>
      <p className="su-hint">Pick a day to close it or give it special hours. Striped: closed; dotted: special hours.</p>
    </div>
  );
}
