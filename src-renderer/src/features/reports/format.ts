import { currentTimeFormatter } from '../../stores/clinic-setup';

/** Numbers as the manager reads them (en-US grouping, whole percentages). */
export const count = (n: number): string => n.toLocaleString('en-US');

/** 0.7234 → "72%"; null (nothing to divide by) → "–". */
export const percent = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** Minutes as hours with one decimal: 450 → "7.5 h". */
export const hours = (min: number): string => `${(min / 60).toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "Nov 24, 2025" (or "24 Nov 2025") for a local date, in the clinic's date order like every screen. */
export const dayText = (date: string): string => currentTimeFormatter().date(date);
