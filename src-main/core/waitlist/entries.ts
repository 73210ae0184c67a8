import type { z } from 'zod';
import { AppError } from '@shared/domain/errors';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import type { WaitlistEntryDto, WaitlistEntryId } from '@shared/domain/waitlist';
import {
  closeWaitlistEntryInput,
  createWaitlistEntryInput,
  updateWaitlistEntryInput,
  type CloseWaitlistEntryInput,
  type CreateWaitlistEntryInput,
  type UpdateWaitlistEntryInput,
} from '@shared/schemas/waitlist';
import { recordAudit } from '../audit/audit';
import { patientNotFound, providerCannotPerform, typeNotBookable } from '../booking/errors';
import { notFound } from '../clinic/not-found';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { instantToLocalDate } from '../slots/zone-day';
import { fieldError, parseInput } from '../validation';
import { enqueueOutbox } from '../outbox';
import { loadEntry, writeEntry } from './rows';

/**
 * Waitlist entries: a patient who wants a visit of a type, earlier than the
 * one they have or as soon as something opens, with their wishes. Each change
 * writes its audit row and outbox row in the same transaction (the entry
 * travels to the other desks through the clinic hub); the note stays out of
 * the audit trail.
 */

export type WaitlistOperation = 'waitlist_entry.create' | 'waitlist_entry.update' | 'waitlist_entry.close' | 'waitlist_entry.book' | 'waitlist_entry.reopen';

/** The audit row and the outbox row of a change; call inside its transaction. */
export function recordEntryChange(ctx: CoreContext, at: number, operation: WaitlistOperation, e: WaitlistEntryDto): void {
  recordAudit(ctx.db, ctx.actor, at, {
    action: operation,
    entityType: 'waitlist_entry',
    entityId: e.id,
    details: { patientId: e.patientId, typeId: e.typeId, status: e.status, version: e.version, appointmentId: e.appointmentId },
  });
  enqueueOutbox(ctx.db, at, { entityType: 'waitlist_entry', entityId: e.id, operation, payload: e });
}

export function announceEntries(ctx: CoreContext, ids: readonly WaitlistEntryId[]): void {
  ctx.events.emit('waitlist/changed', { entryIds: [...ids] });
}

/** The clinic's "today" for an entry: in its location's zone, else the first location's. */
function todayFor(db: ReadDb, locationId: LocationId | null, now: number): string {
  const zone =
    prepared<string>(db, `SELECT zone FROM locations WHERE id = coalesce(?, (SELECT id FROM locations ORDER BY name, id LIMIT 1))`)
      .pluck()
      .get(locationId) ?? 'UTC';
  return instantToLocalDate(zone, now);
}

/** Everything an entry names exists and fits together; the messages name the field. */
function checkWishes(db: ReadDb, w: { typeId: WaitlistEntryDto['typeId']; providerIds: ProviderId[]; locationId: LocationId | null }): void {
  const type = prepared<{ active: 0 | 1 }>(db, `SELECT active FROM appointment_types WHERE id = ?`).get(w.typeId);
  if (!type) throw notFound('appointment_type', w.typeId);
  if (type.active !== 1) throw typeNotBookable(w.typeId);
  if (w.locationId !== null && prepared(db, `SELECT 1 FROM locations WHERE id = ?`).get(w.locationId) === undefined) {
    throw notFound('location', w.locationId);
  }
  w.providerIds.forEach((p, i) => {
    const row = prepared<{ allowed: 0 | 1 }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM appointment_type_providers WHERE type_id = ? AND provider_id = p.id) AS allowed FROM providers p WHERE id = ?`,
    ).get(w.typeId, p);
    if (!row) throw fieldError(`providerIds.${i}`, 'This provider no longer exists. Refresh and choose again.');
    if (row.allowed !== 1) {
      const e = providerCannotPerform(p, w.typeId);
      throw fieldError(`providerIds.${i}`, e.message);
    }
  });
}

function datesFrom(db: ReadDb, v: { locationId: LocationId | null; earliestDate?: string | undefined; latestDate: string | null }, now: number) {
  const today = todayFor(db, v.locationId, now);
  if (v.latestDate !== null && v.latestDate < today) throw fieldError('latestDate', 'The latest date has already passed.');
  const earliestDate = v.earliestDate === undefined || v.earliestDate < today ? today : v.earliestDate;
  return { earliestDate, latestDate: v.latestDate };
}

/** The wishes as an entry keeps them, once checked: weekdays in order, dates from the clinic's today. */
function wishesOf(db: ReadDb, v: WishesInput, now: number) {
  checkWishes(db, v);
  return {
    typeId: v.typeId,
    providerIds: v.providerIds,
    locationId: v.locationId,
    weekdays: [...v.weekdays].sort(),
    partsOfDay: v.partsOfDay,
    ...datesFrom(db, v, now),
    note: v.note,
  };
}
type WishesInput = Omit<z.output<typeof updateWaitlistEntryInput>, 'id' | 'expectedVersion'>;

/** One entry's change, its audit row and its outbox row in one transaction; the desk hears of it after the commit. */
function changeEntry(ctx: CoreContext, operation: WaitlistOperation, change: (now: number) => WaitlistEntryDto): WaitlistEntryDto {
  const entry = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const entry = change(now);
    writeEntry(ctx.db, entry);
    recordEntryChange(ctx, now, operation, entry);
    return entry;
  });
  announceEntries(ctx, [entry.id]);
  return entry;
}

export function createWaitlistEntry(ctx: CoreContext, input: CreateWaitlistEntryInput): WaitlistEntryDto {
  const v = parseInput(createWaitlistEntryInput, input);
  return changeEntry(ctx, 'waitlist_entry.create', (now) => {
    if (prepared(ctx.db, `SELECT 1 FROM patients WHERE id = ?`).get(v.patientId) === undefined) throw patientNotFound(v.patientId);
    return {
      id: newId<WaitlistEntryId>(),
      patientId: v.patientId,
      ...wishesOf(ctx.db, v, now),
      status: 'open',
      appointmentId: null,
      closedReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  });
}

/** An entry as the caller last saw it, still open: CONFLICT otherwise. */
export function loadOpenEntry(db: ReadDb, id: WaitlistEntryId, expectedVersion: number | undefined): WaitlistEntryDto {
  const entry = loadEntry(db, id);
  if (expectedVersion !== undefined && expectedVersion !== entry.version) {
    throw new AppError('CONFLICT', 'Someone changed this waitlist entry a moment ago. Nothing was saved; the list now shows their version.', {
      id,
      expectedVersion,
      currentVersion: entry.version,
    });
  }
  if (entry.status !== 'open') {
    throw new AppError(
      'CONFLICT',
      entry.status === 'booked' ? 'This patient was already booked from the waitlist.' : 'This waitlist entry was closed.',
      { id, status: entry.status },
    );
  }
  return entry;
}

export function updateWaitlistEntry(ctx: CoreContext, input: UpdateWaitlistEntryInput): WaitlistEntryDto {
  const v = parseInput(updateWaitlistEntryInput, input);
  return changeEntry(ctx, 'waitlist_entry.update', (now) => {
    const before = loadOpenEntry(ctx.db, v.id, v.expectedVersion);
    return { ...before, ...wishesOf(ctx.db, v, now), version: before.version + 1, updatedAt: now };
  });
}

export function closeWaitlistEntry(ctx: CoreContext, input: CloseWaitlistEntryInput): WaitlistEntryDto {
  const v = parseInput(closeWaitlistEntryInput, input);
  return changeEntry(ctx, 'waitlist_entry.close', (now) => {
    const before = loadOpenEntry(ctx.db, v.id, v.expectedVersion);
    return { ...before, status: 'closed', closedReason: v.reason, version: before.version + 1, updatedAt: now };
  });
}
