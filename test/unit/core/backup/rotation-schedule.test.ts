import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { backupDue, backupsToRemove, nextBackupAt } from '@main/core/backup';

const ZONE = 'America/New_York';
const at = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

describe('rotation (7 daily, 4 weekly, 12 monthly)', () => {
  it('keeps the newest of each of the last 7 days, 4 weeks and 12 months, and removes the rest', () => {
    // Two backups a day (19:30 scheduled and a manual one at 12:00) for 400 days.
    const backups: Array<{ name: string; createdAt: number }> = [];
    const end = DateTime.fromISO('2026-12-07T19:30', { zone: ZONE });
    for (let d = 0; d < 400; d++) {
      const day = end.minus({ days: d });
      backups.push({ name: `s-${day.toISODate()}`, createdAt: day.toMillis() });
      backups.push({ name: `m-${day.toISODate()}`, createdAt: day.set({ hour: 12 }).toMillis() });
    }
    const removed = new Set(backupsToRemove(backups, ZONE));
    const kept = backups.filter((b) => !removed.has(b.name)).map((b) => b.name).sort();
    // 7 days (the evening one each), plus the newest of earlier weeks and months.
    for (let d = 0; d < 7; d++) expect(kept).toContain(`s-${end.minus({ days: d }).toISODate()}`);
    expect(kept).not.toContain(`m-${end.toISODate()}`);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.length).toBeGreaterThanOrEqual(12);
    // The oldest kept is about a year back (12 months), nothing older.
    const oldest = Math.min(...backups.filter((b) => kept.includes(b.name)).map((b) => b.createdAt));
    expect(end.toMillis() - oldest).toBeLessThan(366 * 86_400_000);
    expect(end.toMillis() - oldest).toBeGreaterThan(300 * 86_400_000);
  });

  it('never removes the only or the newest backup', () => {
    expect(backupsToRemove([{ name: 'a', createdAt: 1 }], ZONE)).toEqual([]);
    expect(backupsToRemove([], ZONE)).toEqual([]);
  });
});

describe('the daily schedule', () => {
  const base = { time: '19:30', zone: ZONE };

  it("is due once the day's time has passed without a good backup since; a desk that was off catches up at start", () => {
    const lastGoodAt = at('2026-12-06T19:30');
    expect(backupDue({ ...base, lastGoodAt, lastAttempt: { at: lastGoodAt, ok: true } }, at('2026-12-07T19:29'))).toBe(false);
    expect(backupDue({ ...base, lastGoodAt, lastAttempt: { at: lastGoodAt, ok: true } }, at('2026-12-07T19:30'))).toBe(true);
    // Off from Friday evening to Monday morning: due at once on Monday.
    expect(backupDue({ ...base, lastGoodAt: at('2026-12-04T19:30'), lastAttempt: null }, at('2026-12-07T08:00'))).toBe(true);
    expect(nextBackupAt({ ...base, lastGoodAt, lastAttempt: { at: lastGoodAt, ok: true } }, at('2026-12-07T10:00'))).toBe(at('2026-12-07T19:30'));
  });

  it('after a failure it tries again an hour later, not every minute', () => {
    const failedAt = at('2026-12-07T19:30');
    const s = { ...base, lastGoodAt: at('2026-12-06T19:30'), lastAttempt: { at: failedAt, ok: false } };
    expect(backupDue(s, failedAt + 59 * 60_000)).toBe(false);
    expect(nextBackupAt(s, failedAt + 60_000)).toBe(failedAt + 3_600_000);
    expect(backupDue(s, failedAt + 3_600_000)).toBe(true);
  });

  it("follows the clinic's wall clock across a DST change", () => {
    const lastGoodAt = at('2026-03-07T19:30');
    const next = nextBackupAt({ ...base, lastGoodAt, lastAttempt: { at: lastGoodAt, ok: true } }, at('2026-03-08T12:00'));
    expect(DateTime.fromMillis(next, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-03-08 19:30');
    expect(next - lastGoodAt).toBe(23 * 3_600_000);
  });
});
