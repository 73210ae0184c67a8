import type { WaitingRoomVisitDto } from '@shared/domain/waiting-room';

const MIN = 60_000;

/** "14 min", "1 h 5 min": whole minutes, never negative. */
export const minutesText = (ms: number): string => {
  const m = Math.max(0, Math.floor(ms / MIN));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

/**
 * How long a waiting patient has been kept waiting: from the later of their
 * arrival and their visit's start (coming early is their choice, not the
 * clinic's delay), and whether that is over the clinic's threshold.
 */
export function keptWaiting(v: Pick<WaitingRoomVisitDto, 'arrivedAt' | 'startAt'>, now: number, alertMin: number): { ms: number; overdue: boolean } {
  const ms = Math.max(0, now - Math.max(v.arrivedAt, v.startAt));
  return { ms, overdue: ms > alertMin * MIN };
}
