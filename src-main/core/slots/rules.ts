import { AppError } from '@shared/domain/errors';
import type { EpochMs } from '@shared/domain/ids';
import type { FullQuery } from './types';
import { MINUTE_MS, isValidZone, localDayOf, zoneDay } from './zone-day';

/** A validated query's rules in integer milliseconds. */
export interface SlotRules {
  durationMs: number;
  intervalMin: number;
  stepMs: number;
  roundToMs: number | null;
  bufferBeforeMs: number;
  bufferAfterMs: number;
  /** Starts must be ≥ now + notice. */
  earliest: EpochMs;
  /** Starts must be before this: the end of the horizon's last local day (Infinity without a horizon). */
  until: EpochMs;
  needsRoom: boolean;
  /** List everyone free with each slot ("any" only). */
  allFree: boolean;
}

function invalid(message: string): never {
  throw new AppError('VALIDATION', message);
}

function wholeMinutes(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min) invalid(`${what} must be a whole number of minutes ≥ ${min}.`);
  return value;
}

/** Checks a query and derives its rules; throws AppError VALIDATION with a readable message. */
export function slotRules(q: FullQuery): SlotRules {
  if (!Number.isFinite(q.window.start) || Number.isNaN(q.window.end) || q.window.end < q.window.start) {
    invalid('The search window must have a start, and an end after it if it has one.');
  }
  if (!Number.isFinite(q.now)) invalid('The current time is missing.');
  const count = q.providers.length;
  if (q.method === 'single' ? count !== 1 : count < 1) {
    invalid(q.method === 'single' ? 'Choose exactly one provider.' : 'Choose at least one provider.');
  }
  if (new Set(q.providers.map((p) => p.id)).size !== count) invalid('A provider is listed twice.');
  for (const p of q.providers) {
    if (!isValidZone(p.hours.zone)) invalid(`Unknown time zone: ${p.hours.zone}.`);
  }
  const durationMin = wholeMinutes(q.durationMin ?? q.type.durationMin, 'The duration', 1);
  const intervalMin = wholeMinutes(q.intervalMin ?? 15, 'The slot interval', 1);
  const roundToMin = q.roundToMin === undefined ? null : wholeMinutes(q.roundToMin, 'Rounding', 1);
  const notice = q.minNoticeMin ?? 0;
  if (!Number.isInteger(notice)) invalid('The booking notice must be a whole number of minutes.');
  const horizon = q.horizonDays ?? null;
  if (horizon !== null && !(Number.isInteger(horizon) && horizon >= 0)) invalid('The booking horizon must be a whole number of days ≥ 0.');
  if (horizon === null && q.window.end === Infinity) invalid('A search without an end date needs a booking horizon.');
  const allFree = q.allFree === true;
  if (allFree && q.method !== 'any') invalid('Everyone free can be listed only when searching any provider.');
  // Calendar days in the location's zone: the horizon ends at the end of the local day `horizon` days after today.
  const zone = q.providers[0]!.hours.zone;
  const until = horizon === null ? Infinity : zoneDay(zone, localDayOf(zone, q.now) + horizon + 1).start;
  return {
    durationMs: durationMin * MINUTE_MS,
    intervalMin,
    stepMs: intervalMin * MINUTE_MS,
    roundToMs: roundToMin === null ? null : roundToMin * MINUTE_MS,
    bufferBeforeMs: wholeMinutes(q.type.bufferBeforeMin, 'The buffer before', 0) * MINUTE_MS,
    bufferAfterMs: wholeMinutes(q.type.bufferAfterMin, 'The buffer after', 0) * MINUTE_MS,
    earliest: q.now + notice * MINUTE_MS,
    until,
    needsRoom: q.type.needsRoom,
    allFree,
  };
}
