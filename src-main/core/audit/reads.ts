import type { CoreContext } from '../context';
import type { WriteDb } from '../db/open';
import { recordAudit } from './audit';

/**
 * Reads that show patients are audited as facts, never with what they showed:
 * a patient search records that it ran and how many it found (never the text
 * typed), a schedule view its location and range. A grid re-reads its range
 * after every change; the same person's same view is recorded once per
 * REPEAT_VIEW_MS on this connection, so the trail says who looked without
 * drowning in refreshes.
 */
const REPEAT_VIEW_MS = 10 * 60_000;
const lastViews = new WeakMap<WriteDb, Map<string, number>>();

export function auditSearch(ctx: CoreContext, found: { hits: readonly unknown[]; hasMore: boolean }): void {
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: 'patient.search',
    entityType: 'patient',
    entityId: null,
    details: { results: found.hits.length, hasMore: found.hasMore },
  });
}

export interface ScheduleView {
  /** Which read: the grid, the day list, the reminders of a day. */
  view: 'grid' | 'day-list' | 'range-list' | 'reminders' | 'waiting-room';
  locationId: string | null;
  /** Local date of a day view, or the instants of a range. */
  date?: string;
  from?: number;
  to?: number;
}

export function auditScheduleView(ctx: CoreContext, v: ScheduleView): void {
  const now = ctx.clock.now();
  const key = JSON.stringify([ctx.actor.staffId ?? ctx.actor.user, v.view, v.locationId, v.date ?? null, v.from ?? null, v.to ?? null]);
  let seen = lastViews.get(ctx.db);
  if (!seen) {
    seen = new Map();
    lastViews.set(ctx.db, seen);
  }
  const last = seen.get(key);
  if (last !== undefined && now - last < REPEAT_VIEW_MS && now >= last) return;
  if (seen.size > 1_000) seen.clear();
  seen.set(key, now);
  recordAudit(ctx.db, ctx.actor, now, { action: 'schedule.view', entityType: 'location', entityId: v.locationId, details: { ...v } });
}
