import { AppError } from '@shared/domain/errors';
import type { HoursOverrideDto, OpeningHoursId, OpeningHoursRuleDto } from '@shared/domain/clinic';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import {
  createOpeningHoursInput,
  removeHoursOverrideInput,
  removeOpeningHoursInput,
  setHoursOverrideInput,
  updateOpeningHoursInput,
  type CreateOpeningHoursInput,
  type RemoveHoursOverrideInput,
  type SetHoursOverrideInput,
  type UpdateOpeningHoursInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import type { HoursOverride, LocationHours, WeeklyHoursRule } from '../slots/hours';
import { isoWeekday } from '../slots/zone-day';
import { parseInput } from '../validation';
import { getLocation } from './locations';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { getProvider } from './providers';
import { recordClinicChange } from './record';

const SELECT_RULE = `SELECT id, provider_id AS providerId, location_id AS locationId, weekday, start_min AS startMin,
  end_min AS endMin, effective_from AS effectiveFrom, effective_until AS effectiveUntil FROM opening_hours`;

// ── Weekly opening hours ─────────────────────────────────────────────────────

export function addOpeningHours(ctx: CoreContext, input: CreateOpeningHoursInput): OpeningHoursRuleDto {
  const v = parseInput(createOpeningHoursInput, input);
  const rule: OpeningHoursRuleDto = { id: newId<OpeningHoursId>(), ...v };
  const at = ctx.clock.now();
  inWriteTransaction(ctx.db, () => {
    getProvider(ctx.db, rule.providerId);
    getLocation(ctx.db, rule.locationId);
    assertNoOverlap(ctx.db, rule);
    prepared(
      ctx.db,
      `INSERT INTO opening_hours (id, provider_id, location_id, weekday, start_min, end_min, effective_from, effective_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(rule.id, rule.providerId, rule.locationId, rule.weekday, rule.startMin, rule.endMin, rule.effectiveFrom, rule.effectiveUntil);
    recordClinicChange(ctx, at, { entityType: 'opening_hours', entityId: rule.id, operation: 'opening_hours.create', payload: { ...rule } });
  });
  ctx.events.emit('clinic/changed', { entity: 'opening_hours', ids: [rule.id] });
  return rule;
}

/** Typical use: end a rule (`effectiveUntil`) and add its successor from the next day. */
export function updateOpeningHours(ctx: CoreContext, input: UpdateOpeningHoursInput): OpeningHoursRuleDto {
  const v = parseInput(updateOpeningHoursInput, input);
  const at = ctx.clock.now();
  const rule = inWriteTransaction(ctx.db, () => {
    const cur = getOpeningHours(ctx.db, v.id);
    const { id: _id, ...fields } = { ...cur, ...definedOnly(v) };
    const next: OpeningHoursRuleDto = { id: v.id, ...parseInput(createOpeningHoursInput, fields) };
    getProvider(ctx.db, next.providerId);
    getLocation(ctx.db, next.locationId);
    assertNoOverlap(ctx.db, next);
    prepared(
      ctx.db,
      `UPDATE opening_hours SET provider_id = ?, location_id = ?, weekday = ?, start_min = ?, end_min = ?,
         effective_from = ?, effective_until = ? WHERE id = ?`,
    ).run(next.providerId, next.locationId, next.weekday, next.startMin, next.endMin, next.effectiveFrom, next.effectiveUntil, next.id);
    recordClinicChange(ctx, at, { entityType: 'opening_hours', entityId: next.id, operation: 'opening_hours.update', payload: { ...next } });
    return next;
  });
  ctx.events.emit('clinic/changed', { entity: 'opening_hours', ids: [rule.id] });
  return rule;
}

export function removeOpeningHours(ctx: CoreContext, input: { id: string }): void {
  const { id } = parseInput(removeOpeningHoursInput, input);
  const at = ctx.clock.now();
  inWriteTransaction(ctx.db, () => {
    const cur = getOpeningHours(ctx.db, id);
    prepared(ctx.db, `DELETE FROM opening_hours WHERE id = ?`).run(id);
    recordClinicChange(ctx, at, { entityType: 'opening_hours', entityId: id, operation: 'opening_hours.remove', payload: { ...cur } });
  });
  ctx.events.emit('clinic/changed', { entity: 'opening_hours', ids: [id] });
}

function getOpeningHours(db: ReadDb, id: OpeningHoursId): OpeningHoursRuleDto {
  const row = prepared<OpeningHoursRuleDto>(db, `${SELECT_RULE} WHERE id = ?`).get(id);
  if (!row) throw notFound('opening_hours', id);
  return row;
}

/** A provider's weekly rules, at one location or all; by weekday and time. */
export function listOpeningHours(db: ReadDb, providerId: ProviderId, locationId?: LocationId): OpeningHoursRuleDto[] {
  const order = `ORDER BY weekday, start_min, effective_from, id`;
  return locationId === undefined
    ? prepared<OpeningHoursRuleDto>(db, `${SELECT_RULE} WHERE provider_id = ? ${order}`).all(providerId)
    : prepared<OpeningHoursRuleDto>(db, `${SELECT_RULE} WHERE provider_id = ? AND location_id = ? ${order}`).all(
        providerId,
        locationId,
      );
}

/**
 * A provider is in one place at a time: two rules of theirs (at any location)
 * may not share a weekday, overlap in time of day and be in effect on a common date.
 * Several rules on one weekday that do not overlap express breaks.
 */
function assertNoOverlap(db: ReadDb, rule: OpeningHoursRuleDto): void {
  const clash = prepared<{ id: string }>(
    db,
    `SELECT id FROM opening_hours
      WHERE provider_id = ? AND weekday = ? AND id <> ?
        AND start_min < ? AND end_min > ?
        AND (effective_until IS NULL OR effective_until >= ?)
        AND (? IS NULL OR effective_from <= ?)
      ORDER BY effective_from LIMIT 1`,
  ).get(
    rule.providerId,
    rule.weekday,
    rule.id,
    rule.endMin,
    rule.startMin,
    rule.effectiveFrom,
    rule.effectiveUntil,
    rule.effectiveUntil,
  );
  if (clash) {
    throw new AppError(
      'VALIDATION',
      'These hours overlap hours already set for this provider on the same weekday and dates. Shorten or end the other hours first.',
      { conflictingOpeningHoursId: clash.id },
    );
  }
}

// ── Date overrides ───────────────────────────────────────────────────────────

interface OverrideRow {
  date: string;
  kind: 'closed' | 'special';
  startMin: number | null;
  endMin: number | null;
}

/** Sets one date's hours, replacing the weekly hours on it; no intervals = closed all day. */
export function setHoursOverride(ctx: CoreContext, input: SetHoursOverrideInput): HoursOverrideDto {
  const v = parseInput(setHoursOverrideInput, input);
  const at = ctx.clock.now();
  const intervals = [...v.intervals].sort((a, b) => a.startMin - b.startMin);
  const dto: HoursOverrideDto = { providerId: v.providerId, locationId: v.locationId, date: v.date, intervals };
  inWriteTransaction(ctx.db, () => {
    getProvider(ctx.db, v.providerId);
    getLocation(ctx.db, v.locationId);
    deleteOverride(ctx, v);
    const insert = prepared(
      ctx.db,
      `INSERT INTO hours_overrides (id, provider_id, location_id, date, kind, start_min, end_min) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    if (intervals.length === 0) insert.run(newId(), v.providerId, v.locationId, v.date, 'closed', null, null);
    for (const i of intervals) insert.run(newId(), v.providerId, v.locationId, v.date, 'special', i.startMin, i.endMin);
    recordClinicChange(ctx, at, { entityType: 'hours_override', entityId: v.providerId, operation: 'hours_override.set', payload: { ...dto } });
  });
  ctx.events.emit('clinic/changed', { entity: 'hours_override', ids: [v.providerId] });
  return dto;
}

/** Returns the date to its weekly hours. */
export function removeHoursOverride(ctx: CoreContext, input: RemoveHoursOverrideInput): void {
  const v = parseInput(removeHoursOverrideInput, input);
  const at = ctx.clock.now();
  inWriteTransaction(ctx.db, () => {
    deleteOverride(ctx, v);
    recordClinicChange(ctx, at, { entityType: 'hours_override', entityId: v.providerId, operation: 'hours_override.remove', payload: { ...v } });
  });
  ctx.events.emit('clinic/changed', { entity: 'hours_override', ids: [v.providerId] });
}

function deleteOverride(ctx: CoreContext, v: { providerId: ProviderId; locationId: LocationId; date: string }): void {
  prepared(ctx.db, `DELETE FROM hours_overrides WHERE provider_id = ? AND location_id = ? AND date = ?`).run(
    v.providerId,
    v.locationId,
    v.date,
  );
}

/** Overrides of one provider at one location, optionally between two local dates (inclusive). */
export function listHoursOverrides(
  db: ReadDb,
  providerId: ProviderId,
  locationId: LocationId,
  range: { fromDate?: string; toDate?: string } = {},
): HoursOverrideDto[] {
  const rows = prepared<OverrideRow>(
    db,
    `SELECT date, kind, start_min AS startMin, end_min AS endMin FROM hours_overrides
      WHERE provider_id = ? AND location_id = ? AND date >= ? AND date <= ? ORDER BY date, start_min`,
  ).all(providerId, locationId, range.fromDate ?? '0000-01-01', range.toDate ?? '9999-12-31');
  const byDate = new Map<string, HoursOverrideDto>();
  for (const r of rows) {
    let o = byDate.get(r.date);
    if (!o) {
      o = { providerId, locationId, date: r.date, intervals: [] };
      byDate.set(r.date, o);
    }
    if (r.kind === 'special' && r.startMin !== null && r.endMin !== null) o.intervals.push({ startMin: r.startMin, endMin: r.endMin });
  }
  return [...byDate.values()];
}

// ── For the slot engine and the booking guard ────────────────────────────────

/** Local dates (inclusive) to load hours for; omitted = all of them. */
export interface DateRange {
  fromDate: string;
  toDate: string;
}

/**
 * A provider's hours at a location, in the location's zone, as the slot
 * engine takes them. With `range`, only the weekly rules in effect and the
 * overrides within those dates are loaded (what a search or a booking there needs).
 */
export function loadLocationHours(
  db: ReadDb,
  providerId: ProviderId,
  locationId: LocationId,
  range?: DateRange,
): LocationHours {
  const zone = prepared<string>(db, `SELECT zone FROM locations WHERE id = ?`).pluck().get(locationId);
  if (zone === undefined) throw notFound('location', locationId);
  return loadHoursInZone(db, zone, providerId, locationId, range);
}

/** loadLocationHours for a caller that already knows the location's zone. */
export function loadHoursInZone(
  db: ReadDb,
  zone: string,
  providerId: ProviderId,
  locationId: LocationId,
  range: DateRange = { fromDate: '0000-01-01', toDate: '9999-12-31' },
): LocationHours {
  const weekly = prepared<WeeklyHoursRule>(
    db,
    `SELECT weekday, start_min AS startMin, end_min AS endMin, effective_from AS effectiveFrom,
            effective_until AS effectiveUntil
       FROM opening_hours
      WHERE provider_id = ? AND location_id = ? AND effective_from <= ? AND (effective_until IS NULL OR effective_until >= ?)
        AND (? >> weekday) & 1 = 1
      ORDER BY weekday, start_min`,
  ).all(providerId, locationId, range.toDate, range.fromDate, weekdayMask(range));
  const overrides = prepared<OverrideRow>(
    db,
    `SELECT date, kind, start_min AS startMin, end_min AS endMin FROM hours_overrides
      WHERE provider_id = ? AND date >= ? AND date <= ? AND location_id = ? ORDER BY date, start_min`,
  )
    .all(providerId, range.fromDate, range.toDate, locationId)
    .map(toHoursOverride);
  return { zone, weekly, overrides };
}

/** Bit n set = ISO weekday n occurs in the range: rules for other weekdays are not loaded. */
function weekdayMask(range: DateRange): number {
  const days = (Date.parse(range.toDate) - Date.parse(range.fromDate)) / 86_400_000;
  if (!(days >= 0 && days < 6)) return 0b1111_1110;
  let mask = 0;
  for (let i = 0, wd = isoWeekday(range.fromDate); i <= days; i++, wd = (wd % 7) + 1) mask |= 1 << wd;
  return mask;
}

function toHoursOverride(r: OverrideRow): HoursOverride {
  return r.kind === 'special' && r.startMin !== null && r.endMin !== null
    ? { date: r.date, kind: 'special', startMin: r.startMin, endMin: r.endMin }
    : { date: r.date, kind: 'closed' };
}
