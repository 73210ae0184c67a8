import { hasCode, type AppErrorShape, type ValidationIssue } from './errors';

/** Form field → the first problem with it, as shown under the field. */
export type FieldErrors<F extends string = string> = string extends F ? Record<string, string> : Partial<Record<F, string>>;

/** A zod error from a check in the page before sending (its paths are arrays). */
interface LocalIssues {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** How a dotted issue path names a form field; null leaves the issue out. */
export type FieldOfPath<F extends string = string> = (path: string) => F | null;

/** The first segment: "providerIds.1" → "providerIds", "email.host" → "email". */
export const firstSegment: FieldOfPath = (path) => path.split('.')[0] ?? '';
/** The whole path: "templates.smsBody" stays as it is. */
export const wholePath: FieldOfPath = (path) => path;

/** The issues a refusal lists: a VALIDATION error's, or the field a FORBIDDEN one names (a wrong passcode). */
function issuesOf(error: AppErrorShape): ValidationIssue[] {
  if (hasCode(error, 'VALIDATION') || hasCode(error, 'FORBIDDEN')) return error.details?.issues ?? [];
  return [];
}

/**
 * Per-field messages for a form from a refusal of main's or a local zod check,
 * the first problem per field winning (the order the schema reports them).
 */
export function fieldErrors(source: AppErrorShape | LocalIssues): FieldErrors;
export function fieldErrors<F extends string>(source: AppErrorShape | LocalIssues, fieldOf: FieldOfPath<F>): FieldErrors<F>;
export function fieldErrors(source: AppErrorShape | LocalIssues, fieldOf: FieldOfPath = firstSegment): FieldErrors {
  // `'issues' in` tells a zod error (issues at the top) from an error value (issues in its details).
  const issues: ValidationIssue[] =
    'issues' in source ? source.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) : issuesOf(source);
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field !== null) out[field] ??= issue.message;
  }
  return out;
}
