import type { BlockoutDto } from '@shared/domain/clinic';
import type { OpenedTime } from '@shared/domain/waitlist';
import type { ClinicChanged } from '@shared/domain/events';
import type { BlockoutId, ProviderId, RoomId } from '@shared/domain/ids';
import {
  blockoutsInRangeInput,
  createBlockoutInput,
  removeBlockoutInput,
  updateBlockoutInput,
  type BlockoutsInRangeInput,
  type CreateBlockoutInput,
  type UpdateBlockoutInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { fieldError, parseInput } from '../validation';
import { getProvider } from './providers';
import { getRoom } from './rooms';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { recordClinicChange } from './record';

const SELECT = `SELECT id, provider_id AS providerId, room_id AS roomId, start_at AS startAt, end_at AS endAt, reason
  FROM blockouts`;

/** What leaves the workstation about a blockout: who and when, never the private reason. */
const publicFacts = ({ reason: _reason, ...facts }: BlockoutDto) => facts;

/**
 * Blocks a provider and/or a room. Visits already booked in that time stay;
 * the day grid shows them over the blockout for the desk to sort out.
 */
export function createBlockout(ctx: CoreContext, input: CreateBlockoutInput): BlockoutDto {
  const v = parseInput(createBlockoutInput, input);
  const blockout: BlockoutDto = { id: newId<BlockoutId>(), ...v };
  const at = ctx.clock.now();
  inWriteTransaction(ctx.db, () => {
    if (v.providerId !== null) getProvider(ctx.db, v.providerId);
    if (v.roomId !== null) getRoom(ctx.db, v.roomId);
    prepared(
      ctx.db,
      `INSERT INTO blockouts (id, provider_id, room_id, start_at, end_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(blockout.id, v.providerId, v.roomId, v.startAt, v.endAt, v.reason, at);
    recordClinicChange(ctx, at, { entityType: 'blockout', entityId: blockout.id, operation: 'blockout.create', payload: publicFacts(blockout) });
  });
  ctx.events.emit('clinic/changed', { entity: 'blockout', ids: [blockout.id] });
  return blockout;
}

export function updateBlockout(ctx: CoreContext, input: UpdateBlockoutInput): BlockoutDto {
  const v = parseInput(updateBlockoutInput, input);
  const at = ctx.clock.now();
  const { blockout, before } = inWriteTransaction(ctx.db, () => {
    const before = getBlockout(ctx.db, v.id);
    const next = { ...before, ...definedOnly(v) };
    if (next.endAt <= next.startAt) {
      throw fieldError('endAt', 'The end time must be after the start time.');
    }
    prepared(ctx.db, `UPDATE blockouts SET start_at = ?, end_at = ?, reason = ? WHERE id = ?`).run(
      next.startAt,
      next.endAt,
      next.reason,
      v.id,
    );
    recordClinicChange(ctx, at, { entityType: 'blockout', entityId: v.id, operation: 'blockout.update', payload: publicFacts(next) });
    return { blockout: next, before };
  });
  ctx.events.emit('clinic/changed', { entity: 'blockout', ids: [v.id], ...givenBack(before, blockout) });
  return blockout;
}

export function removeBlockout(ctx: CoreContext, input: { id: string }): void {
  const { id } = parseInput(removeBlockoutInput, input);
  const at = ctx.clock.now();
  const removed = inWriteTransaction(ctx.db, () => {
    const cur = getBlockout(ctx.db, id);
    prepared(ctx.db, `DELETE FROM blockouts WHERE id = ?`).run(id);
    recordClinicChange(ctx, at, { entityType: 'blockout', entityId: id, operation: 'blockout.remove', payload: publicFacts(cur) });
    return cur;
  });
  ctx.events.emit('clinic/changed', { entity: 'blockout', ids: [id], ...givenBack(removed, null) });
}

/**
 * A provider's blocked time that a removal or a change gave back (the waitlist
 * looks for patients to fill it); a change from another desk gives it back the same way.
 */
export function blockoutGivenBack(before: Pick<BlockoutDto, 'providerId' | 'startAt' | 'endAt'>, after: Pick<BlockoutDto, 'startAt' | 'endAt'> | null): OpenedTime[] {
  if (before.providerId === null) return [];
  if (after && after.startAt <= before.startAt && after.endAt >= before.endAt) return [];
  return [{ providerId: before.providerId, locationId: null, startAt: before.startAt, endAt: before.endAt }];
}

function givenBack(before: BlockoutDto, after: BlockoutDto | null): Pick<ClinicChanged, 'released'> {
  const released = blockoutGivenBack(before, after);
  return released.length > 0 ? { released } : {};
}

function getBlockout(db: ReadDb, id: BlockoutId): BlockoutDto {
  const row = prepared<BlockoutDto>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) throw notFound('blockout', id);
  return row;
}

/**
 * Blockouts overlapping [from, to) for the day grid: those of the given
 * providers and those of the given rooms (both lists omitted = all).
 */
export function listBlockoutsInRange(db: ReadDb, input: BlockoutsInRangeInput): BlockoutDto[] {
  const v = parseInput(blockoutsInRangeInput, input);
  const rows = prepared<BlockoutDto>(
    db,
    `${SELECT} WHERE start_at < ? AND end_at > ? ORDER BY start_at, id`,
  ).all(v.to, v.from);
  if (v.providerIds === undefined && v.roomIds === undefined) return rows;
  const providers = new Set<ProviderId>(v.providerIds ?? []);
  const rooms = new Set<RoomId>(v.roomIds ?? []);
  return rows.filter(
    (b) => (b.providerId !== null && providers.has(b.providerId)) || (b.roomId !== null && rooms.has(b.roomId)),
  );
}
