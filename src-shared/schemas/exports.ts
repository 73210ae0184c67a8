import { z } from 'zod';
import { idOf, localDate } from './fields';

/** Longest range one export or report covers (a year and a bit: year-end reports). */
export const MAX_EXPORT_DAYS = 400;
/** Bytes per 'exports/read' slice (before base64). */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;

const jobId = z
  .string('The export reference is missing.')
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'The export reference is not valid.');

/** Which visits: local dates (inclusive) in each location's own zone, optional location and provider filters. */
const scope = z.object({
  jobId,
  fromDate: localDate('first date'),
  toDate: localDate('last date'),
  locationIds: z.array(idOf<string>('location')).max(100).optional(),
  providerIds: z.array(idOf<string>('provider')).max(500).optional(),
});

const validRange = (v: { fromDate: string; toDate: string }, ctx: z.RefinementCtx): void => {
  if (v.toDate < v.fromDate) ctx.addIssue({ code: 'custom', message: 'The last date must be on or after the first date.', path: ['toDate'] });
  else if ((Date.parse(v.toDate) - Date.parse(v.fromDate)) / 86_400_000 >= MAX_EXPORT_DAYS) {
    ctx.addIssue({ code: 'custom', message: `Choose at most ${MAX_EXPORT_DAYS} days at a time.`, path: ['toDate'] });
  }
};

export const runExportInput = scope
  .extend({
    format: z.enum(['csv', 'ics', 'pdf'], 'Choose CSV, iCalendar or PDF.'),
    /** CSV and PDF: patient name and phone. Off by default; the audit row records the choice. */
    includePatientNames: z.boolean().default(false),
    /** iCalendar: blockouts as neutral "Unavailable" events. */
    includeBlockouts: z.boolean().default(false),
  })
  .superRefine(validRange);
export type RunExportInput = z.output<typeof runExportInput>;

export const runReportInput = scope.superRefine(validRange);
export type RunReportInput = z.output<typeof runReportInput>;

export const exportJobInput = z.object({ jobId });
export const readExportInput = z.object({ jobId, offset: z.number().int().min(0) });
