import { AppError } from '@shared/domain/errors';

/**
 * A VALIDATION error about one field, shaped like the ones core/validation.ts
 * makes from schema failures ({ issues: [{ path, message }] }), for the checks
 * a schema cannot make (they need the clock or the stored record).
 */
export function fieldError(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}
