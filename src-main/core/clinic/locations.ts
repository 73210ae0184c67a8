import type { LocationDto } from '@shared/domain/clinic';
import type { LocationId } from '@shared/domain/ids';
import {
  createLocationInput,
  updateLocationInput,
  type CreateLocationInput,
  type UpdateLocationInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { recordClinicChange } from './record';

type LocationRow = LocationDto;
const SELECT = `SELECT id, name, zone, address, phone FROM locations`;

export function createLocation(ctx: CoreContext, input: CreateLocationInput): LocationDto {
  const v = parseInput(createLocationInput, input);
  const id = newId<LocationId>();
  const at = ctx.clock.now();
  const location = inWriteTransaction(ctx.db, () => {
    prepared(ctx.db, `INSERT INTO locations (id, name, zone, address, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
      id,
      v.name,
      v.zone,
      v.address,
      v.phone,
      at,
    );
    const dto = getLocation(ctx.db, id);
    recordClinicChange(ctx, at, { entityType: 'location', entityId: id, operation: 'location.create', payload: { ...dto } });
    return dto;
  });
  ctx.events.emit('clinic/changed', { entity: 'location', ids: [id] });
  return location;
}

export function updateLocation(ctx: CoreContext, input: UpdateLocationInput): LocationDto {
  const v = parseInput(updateLocationInput, input);
  const at = ctx.clock.now();
  const location = inWriteTransaction(ctx.db, () => {
    const cur = getLocation(ctx.db, v.id);
    const next = { ...cur, ...definedOnly(v) };
    prepared(ctx.db, `UPDATE locations SET name = ?, zone = ?, address = ?, phone = ? WHERE id = ?`).run(
      next.name,
      next.zone,
      next.address,
      next.phone,
      v.id,
    );
    recordClinicChange(ctx, at, { entityType: 'location', entityId: v.id, operation: 'location.update', payload: { ...next } });
    return next;
  });
  ctx.events.emit('clinic/changed', { entity: 'location', ids: [v.id] });
  return location;
}

export function getLocation(db: ReadDb, id: LocationId): LocationDto {
  const row = prepared<LocationRow>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) throw notFound('location', id);
  return row;
}

export function listLocations(db: ReadDb): LocationDto[] {
  return prepared<LocationRow>(db, `${SELECT} ORDER BY name, id`).all();
}
