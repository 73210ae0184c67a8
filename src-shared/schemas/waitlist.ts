import { z } from 'zod';
import { MONTHLY_BY, SERIES_FREQUENCIES, WAITLIST_PARTS, type WaitlistEntryId } from '../domain/waitlist';
import { appointmentId, patientId } from './booking';
import { appointmentTypeId, locationId, providerId, roomId } from './clinic';
import { epochMs, expectedVersion, idOf, localDate, optionalText, text } from './fields';

/**
 * Inputs of the waitlist (`waitlist/*`) and recurring-visit (`series/*`)
 * channels. Dates are local dates in the location's zone.
 */

export const waitlistEntryId = idOf<WaitlistEntryId>('waitlist entry');

const unique = <T>(xs: readonly T[]): boolean => new Set(xs).size === xs.length;

const wishes = {
  patientId,
  typeId: appointmentTypeId,
  /** Empty: any provider able to perform the type. */
  providerIds: z
    .array(providerId)
    .max(50, 'Choose at most 50 providers, or any provider.')
    .refine(unique, 'Each provider can be chosen only once.')
    .default([]),
  locationId: locationId.nullable().default(null),
  weekdays: z
    .array(z.number('Choose the days.').int().min(1, 'Days run from Monday (1) to Sunday (7).').max(7, 'Days run from Monday (1) to Sunday (7).'))
    .max(7)
    .refine(unique, 'Each day can be chosen only once.')
    .default([]),
  partsOfDay: z.array(z.enum(WAITLIST_PARTS, 'Choose mornings or afternoons.')).max(2).refine(unique, 'Each part of the day only once.').default([]),
  /** Omitted: from today. */
  earliestDate: localDate('earliest date').optional(),
  latestDate: localDate('latest date').nullable().default(null),
  note: optionalText('note', 500, { multiline: true }).default(''),
};

const datesInOrder = <T extends { earliestDate?: string | undefined; latestDate: string | null }>(s: z.ZodType<T>) =>
  s.refine((w) => w.latestDate === null || w.earliestDate === undefined || w.latestDate >= w.earliestDate, {
    message: 'The latest date must be on or after the earliest date.',
    path: ['latestDate'],
  });

export const createWaitlistEntryInput = datesInOrder(z.strictObject(wishes));

/** Changes the wishes of an open entry; the patient stays. */
export const updateWaitlistEntryInput = datesInOrder(
  z.strictObject({ ...wishes, id: waitlistEntryId, expectedVersion }).omit({ patientId: true }),
);

export const closeWaitlistEntryInput = z.strictObject({
  id: waitlistEntryId,
  reason: text('reason', { missing: 'Say why the entry is closed.' })
    .trim()
    .min(1, 'Say why the entry is closed.')
    .max(200, 'The reason is too long (at most 200 characters).'),
  expectedVersion,
});

export const listWaitlistInput = z.strictObject({
  /** Default: the open entries. */
  status: z.enum(['open', 'booked', 'closed']).default('open'),
  patientId: patientId.optional(),
});

export const openedTimeInput = z
  .strictObject({
    providerId,
    locationId: locationId.nullable(),
    startAt: epochMs('start time'),
    endAt: epochMs('end time'),
  })
  .refine((o) => o.endAt > o.startAt, { message: 'The time ends before it starts.', path: ['endAt'] })
  .refine((o) => o.endAt - o.startAt <= 24 * 3_600_000, { message: 'Look at most one day at a time.', path: ['endAt'] });

/** Books the entry's patient at a time that fits it, through the booking guard; the entry closes with the booking. */
export const bookFromWaitlistInput = z.strictObject({
  id: waitlistEntryId,
  providerId,
  locationId,
  startAt: epochMs('start time'),
  roomId: roomId.optional(),
  expectedVersion,
});

// ── Recurring visits ────────────────────────────────────────────────────────

/** Most occurrences one series may hold: two years of weekly visits. */
export const MAX_SERIES_OCCURRENCES = 104;
/** How far after the first visit a series may run. */
export const MAX_SERIES_YEARS = 2;

const seriesRule = z.discriminatedUnion('frequency', [
  z.strictObject({
    frequency: z.literal(SERIES_FREQUENCIES[0]),
    /** Every N weeks. */
    interval: z.number('Say every how many weeks.').int('Whole weeks only.').min(1, 'Every 1 to 12 weeks.').max(12, 'Every 1 to 12 weeks.'),
  }),
  z.strictObject({
    frequency: z.literal(SERIES_FREQUENCIES[1]),
    /** Every N months. */
    interval: z.number('Say every how many months.').int('Whole months only.').min(1, 'Every 1 to 12 months.').max(12, 'Every 1 to 12 months.'),
    monthlyBy: z.enum(MONTHLY_BY, 'Choose the same weekday or the same date each month.'),
  }),
]);

const seriesEnd = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('count'),
    count: z
      .number('Say how many visits.')
      .int('Say how many visits.')
      .min(2, 'A series has at least 2 visits.')
      .max(MAX_SERIES_OCCURRENCES, `A series has at most ${MAX_SERIES_OCCURRENCES} visits.`),
  }),
  z.strictObject({ kind: z.literal('until'), until: localDate('last date') }),
]);

const seriesVisit = {
  patientId,
  providerId,
  locationId,
  typeId: appointmentTypeId,
  /** The first visit's start; the others follow at the same local time. */
  startAt: epochMs('first visit'),
  roomId: roomId.optional(),
  rule: seriesRule,
  end: seriesEnd,
};

export const checkSeriesInput = z.strictObject(seriesVisit);

/** The occurrences chosen after the check: each at its own time or a chosen alternative; skipped ones are left out. */
export const bookSeriesInput = z.strictObject({
  ...seriesVisit,
  note: optionalText('note', 2000, { multiline: true }).default(''),
  occurrences: z
    .array(z.strictObject({ occurrence: z.number().int().min(1).max(MAX_SERIES_OCCURRENCES), startAt: epochMs('visit time') }))
    .min(1, 'Choose at least one visit to book.')
    .max(MAX_SERIES_OCCURRENCES)
    .refine((xs) => unique(xs.map((x) => x.occurrence)), 'Each visit of the series only once.')
    .refine((xs) => unique(xs.map((x) => x.startAt)), 'Two visits of the series are at the same time.'),
});

const SERIES_SCOPES = ['this', 'following'] as const;
const scope = z.enum(SERIES_SCOPES, 'Choose this visit or this and the following ones.');

export const seriesOfAppointmentInput = z.strictObject({ appointmentId });

export const cancelSeriesInput = z.strictObject({
  appointmentId,
  scope,
  reason: text('reason', { missing: 'Give a reason for the cancellation.' })
    .trim()
    .min(1, 'Give a reason for the cancellation.')
    .max(500, 'The reason is too long (at most 500 characters).'),
});

/**
 * Moves one visit of a series, or it and the later ones by the same step in
 * local time (a move from Tuesday 10:00 to Wednesday 11:30 moves each later
 * visit one day later, to 11:30), optionally to another provider.
 */
const seriesMove = {
  appointmentId,
  scope,
  startAt: epochMs('new time'),
  providerId: providerId.optional(),
  /** The new time's location, when it is not the visit's own. */
  locationId: locationId.optional(),
};

export const moveSeriesInput = z.strictObject({
  ...seriesMove,
  /**
   * Later visits that do not follow the step: one moved to another time (a
   * free time offered by the check instead of its taken one), or one skipped
   * (it stays where it is).
   */
  exceptions: z
    .array(
      z.union([
        z.strictObject({ appointmentId, startAt: epochMs('visit time') }),
        z.strictObject({ appointmentId, skip: z.literal(true) }),
      ]),
    )
    .max(MAX_SERIES_OCCURRENCES)
    .refine((xs) => unique(xs.map((x) => x.appointmentId)), 'Each visit of the series only once.')
    .default([]),
});

/** Where each visit of a move would go and whether the guard lets it; writes nothing. */
export const checkSeriesMoveInput = z.strictObject(seriesMove);

/** Undoes, together, the change just made to several visits of one series (each as `appointments/undo` would). */
export const undoSeriesChangeInput = z.strictObject({
  changes: z
    .array(z.strictObject({ appointmentId, expectedVersion: z.number().int().min(1) }))
    .min(1, 'Nothing to undo.')
    .max(MAX_SERIES_OCCURRENCES)
    .refine((xs) => unique(xs.map((x) => x.appointmentId)), 'Each visit only once.'),
});

export type CreateWaitlistEntryInput = z.input<typeof createWaitlistEntryInput>;
export type UpdateWaitlistEntryInput = z.input<typeof updateWaitlistEntryInput>;
export type CloseWaitlistEntryInput = z.input<typeof closeWaitlistEntryInput>;
export type ListWaitlistInput = z.input<typeof listWaitlistInput>;
export type OpenedTimeInput = z.input<typeof openedTimeInput>;
export type BookFromWaitlistInput = z.input<typeof bookFromWaitlistInput>;
export type SeriesRule = z.output<typeof seriesRule>;
export type SeriesEnd = z.output<typeof seriesEnd>;
export type CheckSeriesInput = z.input<typeof checkSeriesInput>;
export type BookSeriesInput = z.input<typeof bookSeriesInput>;
export type CancelSeriesInput = z.input<typeof cancelSeriesInput>;
export type MoveSeriesInput = z.input<typeof moveSeriesInput>;
export type CheckSeriesMoveInput = z.input<typeof checkSeriesMoveInput>;
export type UndoSeriesChangeInput = z.input<typeof undoSeriesChangeInput>;
