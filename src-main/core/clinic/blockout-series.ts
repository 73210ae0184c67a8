import { AppError } from '@shared/domain/errors';
import type { BlockoutDto } from '@shared/domain/clinic';
import type { BlockoutId } from '@shared/domain/ids';
import { createBlockoutSeriesInput, type CreateBlockoutSeriesInput } from '@shared/schemas/blockout-series';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { getProvider } from './providers';
import { getRoom } from './rooms';
import { recordClinicChange } from './record';

/**
 * Blocks the same time on several dates (a weekly meeting until the summer)
 * as one change: every occurrence is written, with its audit and outbox
 * rows, or none is. The instants come from the renderer, computed in the
 * grid's zone, so a repeat keeps its wall time across a DST change.
 */
export function createBlockoutSeries(ctx: CoreContext, input: CreateBlockoutSeriesInput): BlockoutDto[] {
  const v = parseInput(createBlockoutSeriesInput, input);
  const at = ctx.clock.now();
  const created = inWriteTransaction(ctx.db, () => {
    if (v.providerId !== null) getProvider(ctx.db, v.providerId);
    if (v.roomId !== null) getRoom(ctx.db, v.roomId);
    const insert = prepared(
      ctx.db,
      `INSERT INTO blockouts (id, provider_id, room_id, start_at, end_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    return v.occurrences.map((o) => {
      const b: BlockoutDto = { id: newId<BlockoutId>(), providerId: v.providerId, roomId: v.roomId, startAt: o.startAt, endAt: o.endAt, reason: v.reason };
      insert.run(b.id, b.providerId, b.roomId, b.startAt, b.endAt, b.reason, at);
      // Never the private reason upstream (as createBlockout).
      const { reason: _reason, ...facts } = b;
      recordClinicChange(ctx, at, { entityType: 'blockout', entityId: b.id, operation: 'blockout.create', payload: facts });
      return b;
    });
  });
  if (created.length === 0) throw new AppError('VALIDATION', 'Nothing to block.');
  ctx.events.emit('clinic/changed', { entity: 'blockout', ids: created.map((b) => b.id) });
  return created;
}
