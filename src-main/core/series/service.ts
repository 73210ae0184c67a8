import type { z } from 'zod';
import { AppError, isAppError } from '@shared/domain/errors';
import { timeFormatter } from '@shared/time';
import type { SlotOffer } from '@shared/domain/availability';
import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId, EpochMs } from '@shared/domain/ids';
import type { SeriesCheckDto, SeriesDto, SeriesId, SeriesMoveCheckDto, SeriesMoveVisitCheck, SeriesOccurrenceCheck } from '@shared/domain/waitlist';
import {
  bookSeriesInput,
  cancelSeriesInput,
  checkSeriesInput,
  checkSeriesMoveInput,
  moveSeriesInput,
  seriesOfAppointmentInput,
  undoSeriesChangeInput,
  type BookSeriesInput,
  type CancelSeriesInput,
  type CheckSeriesInput,
  type CheckSeriesMoveInput,
  type MoveSeriesInput,
  type UndoSeriesChangeInput,
} from '@shared/schemas/waitlist';
import { recordAudit } from '../audit/audit';
import { findSlotsFor } from '../availability';
import { bookWithin } from '../booking/book';
import { appointmentNotFound } from '../booking/errors';
import { placeVisit } from '../booking/guard';
import { locationZone } from '../booking/location-zone';
import { changedEvent, type AppointmentOperation } from '../booking/record';
import { loadAppointment } from '../booking/appointment-store';
import { rescheduleWithin } from '../booking/reschedule';
import { undoTarget, undoWithin } from '../booking/undo';
import { cancelWithin, type ChangedVisits } from '../booking/status-changes';
import { RESCHEDULABLE, canTransition } from '../booking/transitions';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { addDays, instantToLocalDate } from '../slots/zone-day';
import { parseInput } from '../validation';
import { enqueueOutbox } from '../outbox';
import { occurrencesOf, shiftedStart, type Occurrence } from './recurrence';
import { occurrenceOf, readSeries, seriesIdOf, writeSeries, type SeriesRecord } from './store';

/**
 * Recurring visits. A series is checked before it is booked (each visit
 * through the same guard a single booking passes; taken ones come with the
 * nearest free times of the same provider), then booked in one transaction:
 * every chosen visit or none. Each visit is an ordinary appointment with its
 * own reminders, audit row and outbox row; the series row links them so the
 * desk can change "this visit" or "this and the following".
 */

/** How many free times to offer in place of a taken visit, and how many days either side to look. */
const ALTERNATIVES = 3;
const ALTERNATIVE_DAYS = 3;
/** How far from its place in the rule a chosen alternative may be. */
const MAX_SHIFT_MS = 7 * 86_400_000;

type SeriesParsed = z.output<typeof checkSeriesInput>;
type Visit = Pick<SeriesParsed, 'patientId' | 'providerId' | 'locationId' | 'typeId' | 'roomId'>;

function occurrencesFor(db: ReadDb, v: Pick<SeriesParsed, 'locationId' | 'startAt' | 'rule' | 'end'>): { zone: string; list: Occurrence[] } {
  const zone = locationZone(db, v.locationId);
  return { zone, list: occurrencesOf(zone, v.startAt, v.rule, v.end) };
}

/** The guard's verdict on one visit, without writing anything. */
function verdict(ctx: CoreContext, visit: Visit, startAt: EpochMs, now: EpochMs, graceMin: number): { code: string; message: string } | null {
  try {
    placeVisit(ctx.db, {
      patientId: visit.patientId,
      providerId: visit.providerId,
      locationId: visit.locationId,
      typeId: visit.typeId,
      startAt,
      room: visit.roomId === undefined ? { kind: 'auto' } : { kind: 'exact', roomId: visit.roomId },
      now,
      bookingGraceMin: graceMin,
    });
    return null;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
}

/** The same provider's free times nearest to the wanted one, a few days either side. */
function nearestFree(ctx: CoreContext, visit: Visit, o: Pick<Occurrence, 'date' | 'startAt'>, taken: ReadonlySet<EpochMs>): SlotOffer[] {
  try {
    const { slots } = findSlotsFor(ctx.db, ctx.clock, {
      typeId: visit.typeId,
      who: { kind: 'provider', providerId: visit.providerId },
      locationId: visit.locationId,
      fromDate: addDays(o.date, -ALTERNATIVE_DAYS),
      toDate: addDays(o.date, ALTERNATIVE_DAYS),
    });
    return slots
      .filter((s) => !taken.has(s.start))
      .sort((a, b) => Math.abs(a.start - o.startAt) - Math.abs(b.start - o.startAt) || a.start - b.start)
      .slice(0, ALTERNATIVES);
  } catch (e) {
    if (isAppError(e)) return [];
    throw e;
  }
}

/** Every visit of the series checked: free ones, and taken ones with why and the nearest free times. */
export function checkSeries(ctx: CoreContext, input: CheckSeriesInput): SeriesCheckDto {
  const v = parseInput(checkSeriesInput, input);
  const { zone, list } = occurrencesFor(ctx.db, v);
  const now = ctx.clock.now();
  const grace = getClinicSettings(ctx.db).bookingGraceMin;
  const wanted = new Set(list.map((o) => o.startAt));
  const durationMs = durationOf(ctx.db, v.typeId);
  const occurrences = list.map((o): SeriesOccurrenceCheck => {
    const problem = verdict(ctx, v, o.startAt, now, grace);
    return {
      occurrence: o.occurrence,
      date: o.date,
      startAt: o.startAt,
      endAt: o.startAt + durationMs,
      free: problem === null,
      problem,
      alternatives: problem === null ? [] : nearestFree(ctx, v, o, wanted),
    };
  });
  return { zone, occurrences };
}

function durationOf(db: ReadDb, typeId: SeriesParsed['typeId']): number {
  const min = db.prepare(`SELECT duration_min FROM appointment_types WHERE id = ?`).pluck().get(typeId) as number | undefined;
  return (min ?? 0) * 60_000;
}

function recordSeriesChange(ctx: CoreContext, at: number, operation: 'appointment_series.create', s: SeriesRecord): void {
  recordAudit(ctx.db, ctx.actor, at, {
    action: operation,
    entityType: 'appointment_series',
    entityId: s.id,
    details: { patientId: s.patientId, providerId: s.providerId, frequency: s.frequency, interval: s.interval, visits: s.links.length },
  });
  enqueueOutbox(ctx.db, at, { entityType: 'appointment_series', entityId: s.id, operation, payload: s });
}

/**
 * Books the chosen visits of a series in one transaction. A visit the guard
 * refuses (taken since the check) refuses them all, with the guard's code and
 * the visit named: nothing is written.
 */
export function bookSeries(ctx: CoreContext, input: BookSeriesInput): SeriesDto {
  const v = parseInput(bookSeriesInput, input);
  const { series, event } = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const settings = getClinicSettings(ctx.db);
    const { list } = occurrencesFor(ctx.db, v);
    const byPlace = new Map(list.map((o) => [o.occurrence, o]));
    const id = newId<SeriesId>();
    const booked: Array<{ a: AppointmentDto; zone: string; occurrence: number }> = [];
    for (const [i, chosen] of [...v.occurrences].sort((a, b) => a.startAt - b.startAt).entries()) {
      const place = byPlace.get(chosen.occurrence);
      if (!place) throw field(`occurrences.${i}`, `The series has no visit number ${chosen.occurrence}. Check the series again.`);
      if (Math.abs(chosen.startAt - place.startAt) > MAX_SHIFT_MS) {
        throw field(`occurrences.${i}`, `Visit ${chosen.occurrence} is more than a week from its place in the series.`);
      }
      try {
        const { appointment, zone } = bookWithin(
          ctx,
          { patientId: v.patientId, providerId: v.providerId, locationId: v.locationId, typeId: v.typeId, startAt: chosen.startAt, note: v.note, ...(v.roomId !== undefined ? { roomId: v.roomId } : {}) },
          now,
          settings,
        );
        booked.push({ a: appointment, zone, occurrence: chosen.occurrence });
      } catch (e) {
        if (!isAppError(e)) throw e;
        throw new AppError(e.code, `Visit ${chosen.occurrence} (${place.date}): ${e.message} Nothing in the series was booked.`, {
          ...(e.details as Record<string, unknown> | undefined),
          occurrence: chosen.occurrence,
        });
      }
    }
    const record: SeriesRecord = {
      id,
      patientId: v.patientId,
      providerId: v.providerId,
      locationId: v.locationId,
      typeId: v.typeId,
      frequency: v.rule.frequency,
      interval: v.rule.interval,
      monthlyBy: v.rule.frequency === 'monthly' ? v.rule.monthlyBy : null,
      count: v.end.kind === 'count' ? v.end.count : null,
      untilDate: v.end.kind === 'until' ? v.end.until : null,
      firstStartAt: v.startAt,
      version: 1,
      createdAt: now,
      updatedAt: now,
      links: booked.map((b) => ({ appointmentId: b.a.id, occurrence: b.occurrence })).sort((a, b) => a.occurrence - b.occurrence),
    };
    writeSeries(ctx.db, record);
    // After its visits in the outbox, so the hub has them when the series arrives.
    recordSeriesChange(ctx, now, 'appointment_series.create', record);
    return { series: readSeries(ctx.db, id)!, event: changedEvent('appointment.book', booked) };
  });
  ctx.events.emit('appointments/changed', event);
  return series;
}

const field = (path: string, message: string): AppError => new AppError('VALIDATION', message, { issues: [{ path, message }] });

/** The series of a visit with its visits as they are now; null for a visit outside any series. */
export function seriesOfAppointment(db: ReadDb, input: { appointmentId: string }): SeriesDto | null {
  const { appointmentId } = parseInput(seriesOfAppointmentInput, input);
  const id = seriesIdOf(db, appointmentId);
  return id ? (readSeries(db, id) ?? null) : null;
}

/** The visit and, for "this and the following", the series' later visits that can still change, in time order. */
function scopeOf(ctx: CoreContext, appointmentId: AppointmentId, following: boolean, can: (a: AppointmentDto) => boolean): AppointmentDto[] {
  const visit = loadAppointment(ctx.db, appointmentId);
  if (!following) return [visit];
  const seriesId = seriesIdOf(ctx.db, appointmentId);
  if (!seriesId) throw field('scope', 'This visit is not part of a series.');
  const later = readSeries(ctx.db, seriesId)!.occurrences.filter((o) => o.appointmentId !== visit.id && o.startAt > visit.startAt);
  return [visit, ...later.map((o) => loadAppointment(ctx.db, o.appointmentId)).filter(can)];
}

function finish(ctx: CoreContext, operation: AppointmentOperation, changed: ChangedVisits[]): AppointmentDto[] {
  ctx.events.emit('appointments/changed', changedEvent(operation, changed.flatMap((c) => c.versions)));
  return changed.map((c) => c.appointment);
}

/** Cancels one visit of a series, or it and every later visit still booked; one transaction. */
export function cancelSeries(ctx: CoreContext, input: CancelSeriesInput): AppointmentDto[] {
  const v = parseInput(cancelSeriesInput, input);
  const changed = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    return scopeOf(ctx, v.appointmentId, v.scope === 'following', (a) => canTransition(a.status, 'cancelled')).map((a) =>
      cancelWithin(ctx, a.id, v.reason, now),
    );
  });
  return finish(ctx, 'appointment.cancel', changed);
}

type MoveParsed = z.output<typeof moveSeriesInput>;

interface PlannedMove {
  a: AppointmentDto;
  /** Where the step (or the desk's choice for this visit) puts it. */
  startAt: EpochMs;
}

/**
 * The visits a move changes and where each goes, in the order they move:
 * moving later, the last visit goes first (and the other way round), so no
 * visit steps on a sibling that has not moved yet. Skipped visits stay out.
 */
function planMove(ctx: CoreContext, v: MoveParsed): { zone: string; first: AppointmentDto; moves: PlannedMove[] } {
  const visits = scopeOf(ctx, v.appointmentId, v.scope === 'following', (a) => RESCHEDULABLE.includes(a.status));
  const first = visits[0];
  if (!first) throw appointmentNotFound(v.appointmentId);
  const zone = locationZone(ctx.db, first.locationId);
  const inScope = new Set<string>(visits.slice(1).map((a) => a.id));
  const exceptions = new Map(
    v.exceptions.map((x, i) => {
      if (!inScope.has(x.appointmentId)) throw field(`exceptions.${i}`, 'That visit is not one of the later visits being moved. Check the move again.');
      return [x.appointmentId as string, x] as const;
    }),
  );
  const moves: PlannedMove[] = [];
  for (const a of visits) {
    if (a.id === first.id) {
      moves.push({ a, startAt: v.startAt });
      continue;
    }
    const shifted = shiftedStart(zone, { before: first.startAt, after: v.startAt }, a.startAt);
    const x = exceptions.get(a.id);
    if (x && 'skip' in x) continue;
    if (x && Math.abs(x.startAt - shifted) > MAX_SHIFT_MS) {
      throw field(`exceptions.${v.exceptions.indexOf(x)}`, 'A visit can go at most a week from its place in the move.');
    }
    moves.push({ a, startAt: x ? x.startAt : shifted });
  }
  if (v.startAt > first.startAt) moves.reverse();
  return { zone, first, moves };
}

const moveOf = (v: MoveParsed, m: PlannedMove) => ({
  id: m.a.id,
  startAt: m.startAt,
  ...(v.providerId ? { providerId: v.providerId } : {}),
  ...(v.locationId ? { locationId: v.locationId } : {}),
});

/**
 * Moves one visit of a series, or it and every later visit still booked by the
 * same step in local time (see shiftedStart), each through the guard; the desk
 * may give a later visit another time (one the check offered) or leave it where
 * it is. One transaction, so a later visit that cannot move keeps them all where
 * they were.
 */
export function moveSeries(ctx: CoreContext, input: MoveSeriesInput): AppointmentDto[] {
  const v = parseInput(moveSeriesInput, input);
  const changed = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const { first, moves } = planMove(ctx, v);
    const out: ChangedVisits[] = [];
    for (const m of moves) {
      try {
        out.push(rescheduleWithin(ctx, moveOf(v, m), now));
      } catch (e) {
        if (!isAppError(e) || m.a.id === first.id) throw e;
        // Named as the desk reads it: its new day and time on the location's clock, in the clinic's format.
        const settings = getClinicSettings(ctx.db);
        const when = timeFormatter(settings.timeFormat, settings.dateOrder).shortDateTime(locationZone(ctx.db, m.a.locationId), m.startAt);
        throw new AppError(e.code, `The visit of ${when} cannot move with the others: ${e.message} Nothing was moved.`, {
          ...(e.details as Record<string, unknown> | undefined),
          appointmentId: m.a.id,
        });
      }
    }
    return out.sort((a, b) => a.appointment.startAt - b.appointment.startAt);
  });
  return finish(ctx, 'appointment.reschedule', changed);
}

/** Thrown to roll a trial move back once its outcome is known. */
class TrialOver {
  constructor(readonly result: SeriesMoveCheckDto) {}
}

/**
 * Where each visit of a move would go, checked by making the move for real
 * inside a transaction that is then rolled back: every visit meets the same
 * guard, in the same order and beside its already-moved siblings, as the move
 * itself will. A later visit that cannot go comes with the same provider's
 * nearest free times; the visit asked for refuses the check as it would the move.
 */
export function checkSeriesMove(ctx: CoreContext, input: CheckSeriesMoveInput): SeriesMoveCheckDto {
  const v: MoveParsed = { ...parseInput(checkSeriesMoveInput, input), exceptions: [] };
  try {
    inWriteTransaction(ctx.db, () => {
      const now = ctx.clock.now();
      const { zone, first, moves } = planMove(ctx, v);
      const problems = new Map<string, { code: string; message: string }>();
      for (const m of moves) {
        try {
          inWriteTransaction(ctx.db, () => rescheduleWithin(ctx, moveOf(v, m), now));
        } catch (e) {
          if (!isAppError(e) || m.a.id === first.id) throw e;
          problems.set(m.a.id, { code: e.code, message: e.message });
        }
      }
      const targets = new Set(moves.map((m) => m.startAt));
      const visits = [...moves]
        .sort((x, y) => x.a.startAt - y.a.startAt)
        .map((m): SeriesMoveVisitCheck => {
          const problem = problems.get(m.a.id) ?? null;
          const visit = { ...m.a, providerId: v.providerId ?? m.a.providerId, locationId: v.locationId ?? m.a.locationId, roomId: undefined };
          const place = { startAt: m.startAt, date: instantToLocalDate(zone, m.startAt) };
          return {
            appointmentId: m.a.id,
            occurrence: occurrenceOf(ctx.db, m.a.id),
            fromStartAt: m.a.startAt,
            startAt: m.startAt,
            endAt: m.startAt + (m.a.endAt - m.a.startAt),
            free: problem === null,
            problem,
            alternatives: problem === null ? [] : nearestFree(ctx, visit, place, targets),
          };
        });
      throw new TrialOver({ zone, visits });
    });
  } catch (e) {
    if (e instanceof TrialOver) return e.result;
    throw e;
  }
  throw new Error('A trial move ended without its outcome.');
}

/**
 * Undoes the change just made to several visits of one series (a cancel or a
 * move of "this and the following"), each as a single undo would and through
 * the guard when it takes a time back; all of them or none.
 */
export function undoSeriesChange(ctx: CoreContext, input: UndoSeriesChangeInput): AppointmentDto[] {
  const v = parseInput(undoSeriesChangeInput, input);
  const changed = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const series = new Set(v.changes.map((c) => seriesIdOf(ctx.db, c.appointmentId) ?? null));
    if (series.size !== 1 || series.has(null)) throw field('changes', 'These visits are not one series: undo them one at a time.');
    const visits = v.changes.map((c) => ({ c, a: loadAppointment(ctx.db, c.appointmentId), back: undoTarget(ctx.db, c.appointmentId) }));
    // Going back later, the last visit goes first (and the other way round), so no visit steps on a sibling still in its place.
    const later = visits.some((x) => x.back !== null && x.back.startAt > x.a.startAt);
    visits.sort((x, y) => (later ? y.a.startAt - x.a.startAt : x.a.startAt - y.a.startAt));
    return visits.map(({ c, a }) => {
      try {
        return undoWithin(ctx, { id: c.appointmentId, expectedVersion: c.expectedVersion }, now);
      } catch (e) {
        if (!isAppError(e)) throw e;
        throw new AppError(e.code, `The visit of ${new Date(a.startAt).toISOString().slice(0, 10)} cannot go back: ${e.message} Nothing was undone.`, {
          ...(e.details as Record<string, unknown> | undefined),
          appointmentId: a.id,
        });
      }
    });
  });
  return finish(ctx, 'appointment.undo', changed.sort((a, b) => a.appointment.startAt - b.appointment.startAt));
}
