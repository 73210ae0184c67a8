import { FixedClock } from '@main/platform/clock';
import type { CoreContext } from '@main/core/context';
import { openTempDb } from '../../../helpers/tempdb';
import { AppError } from '@shared/domain/errors';
import { createEventBus } from '@main/core/events';

/** 2026-03-10 15:00 UTC, a Tuesday. */
export const NOW = Date.parse('2026-03-10T15:00:00Z');

export function patientsTestContext(): CoreContext & { clock: FixedClock; cleanup(): void } {
  const t = openTempDb();
  return {
    db: t.db,
    clock: new FixedClock(NOW),
    actor: { user: 'desk-1', device: 'ws-test' },
    events: createEventBus(),
    cleanup: t.cleanup,
  };
}

/** Row counts of the tables a patient write touches: "bad input changes nothing" compares them. */
export function writeCounts(ctx: CoreContext): Record<string, number> {
  const count = (t: string): number => ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).pluck().get() as number;
  return {
    patients: count('patients'),
    docs: count('patient_search_docs'),
    audit: count('audit_log'),
    outbox: count('outbox'),
  };
}

/** The AppError a call throws (anything else fails the test). */
export function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
