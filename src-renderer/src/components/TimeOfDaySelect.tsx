import { useMemo, type SelectHTMLAttributes } from 'react';
import { useTimeFormatter } from '../stores/clinic-setup';
import { toTime } from './Field';

/**
 * A time of day picked from the clinic's own clock format ("9:05 AM" or
 * "09:05"), every `stepMin` minutes; the value is "HH:MM" like a time input's.
 * A browser's time input shows the computer's locale instead, so a 24-hour
 * clinic would see AM/PM in set-up and 24-hour times everywhere else.
 * Extra props (id, aria-*) reach the select, so it works inside a Field.
 */
export function TimeOfDaySelect({
  value,
  onChange,
  stepMin = 5,
  endOfDay = false,
  ...rest
}: {
  value: string;
  onChange(value: string): void;
  stepMin?: number;
  /** Offer midnight at the end of the day (a closing time), written 24:00. */
  endOfDay?: boolean;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  const tf = useTimeFormatter();
  const options = useMemo(() => {
    const out: Array<{ value: string; label: string }> = [];
    for (let m = 0; m < 1440; m += stepMin) out.push({ value: toTime(m), label: tf.wallTime(m) });
    if (endOfDay) out.push({ value: '24:00', label: tf.format === '24h' ? '24:00' : '12:00 AM (midnight)' });
    return out;
  }, [tf, stepMin, endOfDay]);
  // A stored time off the step (set elsewhere) stays choosable as it is.
  const known = options.some((o) => o.value === value);
  return (
    <select value={value} onChange={(e) => onChange(e.currentTarget.value)} {...rest}>
      {!known && value !== '' && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
