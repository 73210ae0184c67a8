import { z } from 'zod';
import { epochMs, optionalText } from './fields';
import { providerId, roomId } from './clinic';

/** Most occurrences one series may create: two years of weekly repeats. */
const MAX_BLOCKOUT_OCCURRENCES = 104;

const occurrence = z
  .strictObject({ startAt: epochMs('start time'), endAt: epochMs('end time') })
  .refine((o) => o.endAt > o.startAt, { message: 'The end time must be after the start time.', path: ['endAt'] });

/** A blockout drawn on the grid, once or repeating weekly: all occurrences are saved together. */
export const createBlockoutSeriesInput = z
  .strictObject({
    providerId: providerId.nullable().default(null),
    roomId: roomId.nullable().default(null),
    reason: optionalText('reason', 500).default(''),
    occurrences: z
      .array(occurrence)
      .min(1, 'Choose the time to block.')
      .max(MAX_BLOCKOUT_OCCURRENCES, `A repeat can cover at most ${MAX_BLOCKOUT_OCCURRENCES} weeks; choose an earlier last date.`),
  })
  .refine((b) => b.providerId !== null || b.roomId !== null, {
    message: 'Choose the provider or the room to block (or both).',
    path: ['providerId'],
  });

export type CreateBlockoutSeriesInput = z.input<typeof createBlockoutSeriesInput>;
