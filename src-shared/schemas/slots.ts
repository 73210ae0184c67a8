import { z } from 'zod';
import { appointmentTypeId, durationMin, locationId, providerId } from './clinic';
import { epochMs, localDate } from './fields';

/**
 * Inputs of the availability channels (`slots/*`): which visit, with whom,
 * where and when. Dates are local dates in the location's zone.
 */

/** Longest date range one search may cover. */
const MAX_SEARCH_DAYS = 92;
/** How far ahead "next available" looks when no last day is given. */
export const NEXT_AVAILABLE_DEFAULT_DAYS = 60;
const MAX_NEXT_AVAILABLE_COUNT = 50;

/**
 * Who sees the patient: one provider; a care team together (every listed
 * provider at once); or any provider able to perform the type (optionally
 * among the listed ones), chosen fairly — with everyone free listed too when asked.
 */
const slotProviderChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('provider'), providerId }),
  z.strictObject({
    kind: z.literal('team'),
    providerIds: z.array(providerId).min(2, 'A care team has at least two providers.').max(20, 'A care team has at most 20 providers.'),
  }),
  z.strictObject({
    kind: z.literal('any'),
    providerIds: z.array(providerId).max(200).optional(),
    /** Also list, with each time, everyone free then (who is free at 10:15?), not only the fair pick. */
    allFree: z.boolean().optional(),
  }),
]);

/** morning: visits starting before 12:00 local time; afternoon: from 12:00 on. */
export const PARTS_OF_DAY = ['any', 'morning', 'afternoon'] as const;
const partOfDay = z.enum(PARTS_OF_DAY, 'Choose mornings, afternoons or any time.');

const dayCount = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

const search = {
  typeId: appointmentTypeId,
  who: slotProviderChoice,
  /** Omitted: every location where the providers work. */
  locationId: locationId.optional(),
  partOfDay: partOfDay.default('any'),
  /** Omitted = the type's duration. */
  durationMin: durationMin.optional(),
};

const rangeChecks = <T extends { fromDate?: string | undefined; toDate?: string | undefined }>(s: z.ZodType<T>) =>
  s
    .refine((r) => !r.fromDate || !r.toDate || r.toDate >= r.fromDate, {
      message: 'The last day must be on or after the first day.',
      path: ['toDate'],
    })
    .refine((r) => !r.fromDate || !r.toDate || dayCount(r.fromDate, r.toDate) <= MAX_SEARCH_DAYS, {
      message: `Search at most ${MAX_SEARCH_DAYS} days at a time.`,
      path: ['toDate'],
    });

/** Every bookable time between two local dates (inclusive). */
export const findSlotsInput = rangeChecks(
  z.strictObject({ ...search, fromDate: localDate('first day'), toDate: localDate('last day') }),
);

/** The first `count` bookable times from a day (default today) on, up to a last day (default 60 days on). */
export const nextAvailableInput = rangeChecks(
  z.strictObject({
    ...search,
    fromDate: localDate('first day').optional(),
    toDate: localDate('last day').optional(),
    count: z.number().int().min(1).max(MAX_NEXT_AVAILABLE_COUNT, `Ask for at most ${MAX_NEXT_AVAILABLE_COUNT} times.`).default(5),
  }),
);

/** Why a visit of this type with this provider cannot start at `start` (or that it can). */
export const explainTimeInput = z.strictObject({
  providerId,
  typeId: appointmentTypeId,
  start: epochMs('time'),
  /** Omitted: where the provider works that day. */
  locationId: locationId.optional(),
  durationMin: durationMin.optional(),
});

/** Which appointment types fit at one start time with one provider (a click on a free cell of the grid). */
export const typesAtTimeInput = z.strictObject({
  providerId,
  start: epochMs('time'),
  /** Omitted: where the provider works that day. */
  locationId: locationId.optional(),
});
export type PartOfDay = (typeof PARTS_OF_DAY)[number];
export type FindSlotsInput = z.input<typeof findSlotsInput>;
export type NextAvailableInput = z.input<typeof nextAvailableInput>;
export type ExplainTimeInput = z.input<typeof explainTimeInput>;
export type TypesAtTimeInput = z.input<typeof typesAtTimeInput>;
