import type { AppointmentDto } from '@shared/domain/booking';
import type { EpochMs } from '@shared/domain/ids';
import { followingVisits, type SeriesDto, type SeriesMoveCheckDto } from '@shared/domain/waitlist';
import type { MoveSeriesInput } from '@shared/schemas/waitlist';
import { invoke } from '../../api';
import { notifyError } from '../../stores/notices';
import { useUndo } from '../../stores/undo';
import { unlessClosed } from './booking-shared';

/**
 * Cancel and Reschedule of a visit that belongs to a series ask, as calendar
 * apps do, "This visit only" or "This and the following (N visits)". These are
 * the pieces both dialogs share: the series read with the visit, how many
 * visits the wider choice reaches, the desk's choices for the visits of a move
 * that cannot follow, and one Undo for everything the change touched.
 */

export type SeriesScope = 'this' | 'following';

/** The series of a visit, or null outside one (a refusal is shown and the dialog goes on as for a single visit). */
export async function loadSeries(appointmentId: string, signal: AbortSignal): Promise<SeriesDto | null | undefined> {
  const r = await unlessClosed(signal, (s) => invoke('series/get', { appointmentId }, { signal: s }));
  if (!r) return undefined;
  if (!r.ok) {
    notifyError(r.error);
    return null;
  }
  return r.data;
}

/**
 * The visits "This and the following" would change, in time order (this one
 * first); empty when the question does not arise: no series, or no later visit
 * left to change.
 */
export function followingOf(series: SeriesDto | null, appointmentId: string): SeriesDto['occurrences'] {
  if (!series) return [];
  const reach = followingVisits(series, appointmentId);
  return reach.length > 1 ? reach : [];
}

/** Per visit of a checked move: the time it goes to, or null to leave it where it is. */
export type MoveChoices = Record<string, EpochMs | null>;

/** Free visits go where the step puts them; one that cannot waits for the desk (a nearby time) and is left where it is until then. */
export function initialChoices(check: SeriesMoveCheckDto): MoveChoices {
  return Object.fromEntries(check.visits.map((v) => [v.appointmentId, v.free ? v.startAt : null]));
}

type MoveException = NonNullable<MoveSeriesInput['exceptions']>[number];

/** The move's exceptions for main: a visit given another time, or one left where it is. */
export function exceptionsOf(check: SeriesMoveCheckDto, choices: MoveChoices): MoveException[] {
  return check.visits.slice(1).flatMap((v): MoveException[] => {
    const chosen = choices[v.appointmentId];
    if (chosen === null || chosen === undefined) return [{ appointmentId: v.appointmentId, skip: true as const }];
    return chosen === v.startAt ? [] : [{ appointmentId: v.appointmentId, startAt: chosen }];
  });
}

/** How many visits a checked move changes with these choices. */
export function movingCount(check: SeriesMoveCheckDto, choices: MoveChoices): number {
  return check.visits.filter((v) => choices[v.appointmentId] != null).length;
}

/** The message after a change to several visits of a series, with one Undo that puts them all back or none. */
export function offerSeriesUndo(changed: readonly AppointmentDto[], message: string): void {
  const first = changed[0];
  if (!first) return;
  useUndo.getState().offerUndo({
    appointmentId: first.id,
    version: first.version,
    message,
    together: changed.map((a) => ({ appointmentId: a.id, version: a.version })),
  });
}
