import { DateTime } from 'luxon';

/** How many backups to keep: the newest of each of the last N days, weeks and months. */
export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { daily: 7, weekly: 4, monthly: 12 };

/**
 * Grandfather-father-son rotation over one desk's backups: the newest backup of each of the
 * last `daily` days that have one, of each of the last `weekly` ISO weeks and of the last
 * `monthly` months (in the clinic's zone) are kept; the rest are returned for removal. The
 * newest backup is always kept. Pure: names and times in, names out.
 */
export function backupsToRemove(backups: ReadonlyArray<{ name: string; createdAt: number }>, zone: string, policy: RotationPolicy = DEFAULT_ROTATION): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  const keepNewestPer = (period: (t: DateTime) => string, count: number): void => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const p = period(DateTime.fromMillis(b.createdAt, { zone }));
      if (seen.has(p)) continue;
      if (seen.size >= count) break;
      seen.add(p);
      keep.add(b.name);
    }
  };
  keepNewestPer((t) => t.toISODate()!, policy.daily);
  keepNewestPer((t) => `${t.weekYear}-W${t.weekNumber}`, policy.weekly);
  keepNewestPer((t) => t.toFormat('yyyy-MM'), policy.monthly);
  return newestFirst.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
