import { AppError } from '@shared/domain/errors';
import type { RoomDto } from '@shared/domain/clinic';
import type { LocationId, RoomId } from '@shared/domain/ids';
import {
  createRoomInput,
  updateRoomInput,
  type CreateRoomInput,
  type UpdateRoomInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { getLocation } from './locations';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { recordClinicChange } from './record';

interface RoomRow {
  id: RoomId;
  locationId: LocationId;
  name: string;
  active: 0 | 1;
}
const SELECT = `SELECT id, location_id AS locationId, name, active FROM rooms`;
const toDto = (r: RoomRow): RoomDto => ({ ...r, active: r.active === 1 });

export function createRoom(ctx: CoreContext, input: CreateRoomInput): RoomDto {
  const v = parseInput(createRoomInput, input);
  const id = newId<RoomId>();
  const at = ctx.clock.now();
  const room = inWriteTransaction(ctx.db, () => {
    getLocation(ctx.db, v.locationId);
    assertNameFree(ctx.db, v.locationId, v.name, null);
    prepared(ctx.db, `INSERT INTO rooms (id, location_id, name, active) VALUES (?, ?, ?, ?)`).run(
      id,
      v.locationId,
      v.name,
      v.active ? 1 : 0,
    );
    const dto = getRoom(ctx.db, id);
    recordClinicChange(ctx, at, { entityType: 'room', entityId: id, operation: 'room.create', payload: { ...dto } });
    return dto;
  });
  ctx.events.emit('clinic/changed', { entity: 'room', ids: [id] });
  return room;
}

export function updateRoom(ctx: CoreContext, input: UpdateRoomInput): RoomDto {
  const v = parseInput(updateRoomInput, input);
  const at = ctx.clock.now();
  const room = inWriteTransaction(ctx.db, () => {
    const next = { ...getRoom(ctx.db, v.id), ...definedOnly(v) };
    assertNameFree(ctx.db, next.locationId, next.name, v.id);
    prepared(ctx.db, `UPDATE rooms SET name = ?, active = ? WHERE id = ?`).run(next.name, next.active ? 1 : 0, v.id);
    recordClinicChange(ctx, at, { entityType: 'room', entityId: v.id, operation: 'room.update', payload: { ...next } });
    return next;
  });
  ctx.events.emit('clinic/changed', { entity: 'room', ids: [v.id] });
  return room;
}

export function getRoom(db: ReadDb, id: RoomId): RoomDto {
  const row = prepared<RoomRow>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) throw notFound('room', id);
  return toDto(row);
}

/** Rooms of one location, or of every location; by name. */
export function listRooms(db: ReadDb, locationId?: LocationId): RoomDto[] {
  const rows =
    locationId === undefined
      ? prepared<RoomRow>(db, `${SELECT} ORDER BY location_id, name, id`).all()
      : prepared<RoomRow>(db, `${SELECT} WHERE location_id = ? ORDER BY name, id`).all(locationId);
  return rows.map(toDto);
}

function assertNameFree(db: ReadDb, locationId: LocationId, name: string, self: RoomId | null): void {
  const other = prepared<{ id: string }>(db, `SELECT id FROM rooms WHERE location_id = ? AND name = ?`).get(
    locationId,
    name,
  );
  if (other && other.id !== self) {
    const message = 'This location already has a room with that name. Choose another name.';
    throw new AppError('VALIDATION', message, { roomId: other.id, issues: [{ path: 'name', message }] });
  }
}
