/**
 * Why a visit cannot sit where it was asked for because of another visit of the
 * same provider or room: the visits overlap, or only the preparation and
 * clean-up times around them do. The booking guard's refusal and the slot
 * engine's "why not" both say it with `clashSentence`, so a drag on the grid, a
 * click on a cell and the booking dialog name the same rule the same way.
 * The other visit is named by its time and type, never its patient.
 */
import type { EpochMs } from './ids';

/** The visit in the way: when it is and what it is. */
interface ClashingVisit {
  startAt: EpochMs;
  endAt: EpochMs;
  typeName: string;
}

export type ClashCause =
  /** The visits themselves overlap. */
  | { kind: 'overlap'; other: ClashingVisit }
  /**
   * The visits do not overlap, but the time kept free between them is too short:
   * `cleanUpMin` after the earlier visit plus `preparationMin` before the later one.
   * `otherIsBefore`: the other visit is the earlier one.
   */
  | { kind: 'gap'; other: ClashingVisit; otherIsBefore: boolean; cleanUpMin: number; preparationMin: number };

/** The visit asked for: its own time and its type's buffers. */
export interface AskedVisit {
  startAt: EpochMs;
  endAt: EpochMs;
  bufferBeforeMin: number;
  bufferAfterMin: number;
}

/** The other visit as stored: its time, the busy span its type's buffers gave it, and its type's name. */
export interface StoredVisit extends ClashingVisit {
  busyStartAt: EpochMs;
  busyEndAt: EpochMs;
}

const MIN = 60_000;

/** What keeps the two visits apart; assumes their busy spans overlap. */
export function clashCause(asked: AskedVisit, other: StoredVisit): ClashCause {
  const visit: ClashingVisit = { startAt: other.startAt, endAt: other.endAt, typeName: other.typeName };
  if (asked.startAt < other.endAt && other.startAt < asked.endAt) return { kind: 'overlap', other: visit };
  const otherIsBefore = other.endAt <= asked.startAt;
  return otherIsBefore
    ? {
        kind: 'gap',
        other: visit,
        otherIsBefore,
        cleanUpMin: Math.round((other.busyEndAt - other.endAt) / MIN),
        preparationMin: asked.bufferBeforeMin,
      }
    : {
        kind: 'gap',
        other: visit,
        otherIsBefore,
        cleanUpMin: asked.bufferAfterMin,
        preparationMin: Math.round((other.startAt - other.busyStartAt) / MIN),
      };
}

/**
 * One sentence naming the rule and its cause, e.g. "Dr. Chen needs 5 min clean-up
 * after the 10:30 AM Annual physical." `who` is the provider or room; `time`
 * formats an instant as the desk shows times at the visit's location.
 */
export function clashSentence(who: string, cause: ClashCause, time: (t: EpochMs) => string): string {
  const other = cause.other;
  const named = `the ${time(other.startAt)} ${other.typeName}`;
  if (cause.kind === 'overlap') return `${who} already has ${named} (until ${time(other.endAt)}) at this time.`;
  const { cleanUpMin: cleanUp, preparationMin: preparation } = cause;
  if (cause.otherIsBefore) {
    if (cleanUp > 0 && preparation > 0) {
      return `${who} needs ${cleanUp} min clean-up after ${named} and ${preparation} min preparation before this visit.`;
    }
    if (cleanUp > 0) return `${who} needs ${cleanUp} min clean-up after ${named}.`;
    if (preparation > 0) return `${who} needs ${preparation} min preparation before this visit; ${named} ends at ${time(other.endAt)}.`;
  } else {
    if (cleanUp > 0 && preparation > 0) {
      return `${who} needs ${cleanUp} min clean-up after this visit and ${preparation} min preparation before ${named}.`;
    }
    if (cleanUp > 0) return `${who} needs ${cleanUp} min clean-up after this visit, before ${named}.`;
    if (preparation > 0) return `${who} needs ${preparation} min preparation before ${named}.`;
  }
  return `${who} has ${named} too close to this time.`;
}
