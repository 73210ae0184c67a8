import type { z } from 'zod';
import { AppError } from '@shared/domain/errors';

/**
 * Parses a service input with its shared schema. Failures become VALIDATION
 * errors whose message is the first problem, written for the receptionist;
 * details list every problem by field path (messages only, never the values).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0]?.message ?? 'Some details are missing or not valid.';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  throw new AppError('VALIDATION', `${first}${more}`, { issues });
}

/**
 * A VALIDATION error about one field, shaped like the ones `parseInput` makes
 * ({ issues: [{ path, message }] }), for the checks a schema cannot make (they
 * need the clock, the file system or the stored records). The form shows the
 * message under that field.
 */
export function fieldError(path: string, message: string): AppError<'VALIDATION'> {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}
