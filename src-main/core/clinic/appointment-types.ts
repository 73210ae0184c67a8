import { AppError } from '@shared/domain/errors';
import type { AppointmentTypeDto } from '@shared/domain/clinic';
import type { AppointmentTypeId, ProviderId, RoomId } from '@shared/domain/ids';
import {
  createAppointmentTypeInput,
  updateAppointmentTypeInput,
  type CreateAppointmentTypeInput,
  type UpdateAppointmentTypeInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { recordClinicChange } from './record';
import { assertTypeFitsOpenings } from './setup-rules';

interface TypeRow {
  id: AppointmentTypeId;
  name: string;
  durationMin: number;
  colour: string;
  needsRoom: 0 | 1;
  externalCode: string | null;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  active: 0 | 1;
}
const SELECT = `SELECT id, name, duration_min AS durationMin, colour, needs_room AS needsRoom,
  external_code AS externalCode, buffer_before_min AS bufferBeforeMin, buffer_after_min AS bufferAfterMin, active
  FROM appointment_types`;

export function createAppointmentType(ctx: CoreContext, input: CreateAppointmentTypeInput): AppointmentTypeDto {
  const v = parseInput(createAppointmentTypeInput, input);
  const id = newId<AppointmentTypeId>();
  const at = ctx.clock.now();
  const type = inWriteTransaction(ctx.db, () => {
    assertNameFree(ctx.db, v.name, null);
    assertTypeFitsOpenings(ctx.db, v, at);
    prepared(
      ctx.db,
      `INSERT INTO appointment_types (id, name, duration_min, colour, needs_room, external_code,
         buffer_before_min, buffer_after_min, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, v.name, v.durationMin, v.colour, v.needsRoom ? 1 : 0, v.externalCode, v.bufferBeforeMin, v.bufferAfterMin, v.active ? 1 : 0);
    replaceLinks(ctx.db, id, v.providerIds, v.roomIds);
    const dto = getAppointmentType(ctx.db, id);
    recordClinicChange(ctx, at, { entityType: 'appointment_type', entityId: id, operation: 'appointment_type.create', payload: { ...dto } });
    return dto;
  });
  ctx.events.emit('clinic/changed', { entity: 'appointment_type', ids: [id] });
  return type;
}

/**
 * Changes apply to visits booked from now on; booked visits keep the time
 * and busy span they were booked with.
 */
export function updateAppointmentType(ctx: CoreContext, input: UpdateAppointmentTypeInput): AppointmentTypeDto {
  const v = parseInput(updateAppointmentTypeInput, input);
  const at = ctx.clock.now();
  const type = inWriteTransaction(ctx.db, () => {
    const next = { ...getAppointmentType(ctx.db, v.id), ...definedOnly(v) };
    assertNameFree(ctx.db, next.name, v.id);
    if (v.durationMin !== undefined || v.providerIds !== undefined) assertTypeFitsOpenings(ctx.db, next, at);
    prepared(
      ctx.db,
      `UPDATE appointment_types SET name = ?, duration_min = ?, colour = ?, needs_room = ?, external_code = ?,
         buffer_before_min = ?, buffer_after_min = ?, active = ? WHERE id = ?`,
    ).run(
      next.name,
      next.durationMin,
      next.colour,
      next.needsRoom ? 1 : 0,
      next.externalCode,
      next.bufferBeforeMin,
      next.bufferAfterMin,
      next.active ? 1 : 0,
      v.id,
    );
    replaceLinks(ctx.db, v.id, next.providerIds, next.roomIds);
    recordClinicChange(ctx, at, { entityType: 'appointment_type', entityId: v.id, operation: 'appointment_type.update', payload: { ...next } });
    return next;
  });
  ctx.events.emit('clinic/changed', { entity: 'appointment_type', ids: [v.id] });
  return type;
}

export function getAppointmentType(db: ReadDb, id: AppointmentTypeId): AppointmentTypeDto {
  const row = prepared<TypeRow>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) throw notFound('appointment_type', id);
  return toDto(
    row,
    prepared<ProviderId>(db, `SELECT provider_id FROM appointment_type_providers WHERE type_id = ? ORDER BY provider_id`)
      .pluck()
      .all(id),
    prepared<RoomId>(db, `SELECT room_id FROM appointment_type_rooms WHERE type_id = ? ORDER BY room_id`).pluck().all(id),
  );
}

export function listAppointmentTypes(db: ReadDb, opts: { activeOnly?: boolean } = {}): AppointmentTypeDto[] {
  const rows = opts.activeOnly
    ? prepared<TypeRow>(db, `${SELECT} WHERE active = 1 ORDER BY name`).all()
    : prepared<TypeRow>(db, `${SELECT} ORDER BY name`).all();
  const providers = groupBy(
    prepared<{ typeId: string; id: ProviderId }>(
      db,
      `SELECT type_id AS typeId, provider_id AS id FROM appointment_type_providers ORDER BY provider_id`,
    ).all(),
  );
  const rooms = groupBy(
    prepared<{ typeId: string; id: RoomId }>(db, `SELECT type_id AS typeId, room_id AS id FROM appointment_type_rooms ORDER BY room_id`).all(),
  );
  return rows.map((r) => toDto(r, providers.get(r.id) ?? [], rooms.get(r.id) ?? []));
}

function toDto(r: TypeRow, providerIds: ProviderId[], roomIds: RoomId[]): AppointmentTypeDto {
  return { ...r, needsRoom: r.needsRoom === 1, active: r.active === 1, providerIds, roomIds };
}

function groupBy<T extends string>(rows: Array<{ typeId: string; id: T }>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.typeId);
    if (list) list.push(r.id);
    else out.set(r.typeId, [r.id]);
  }
  return out;
}

function replaceLinks(db: WriteDb, id: AppointmentTypeId, providerIds: ProviderId[], roomIds: RoomId[]): void {
  for (const p of providerIds) {
    if (!prepared(db, `SELECT 1 FROM providers WHERE id = ?`).get(p)) throw notFound('provider', p);
  }
  for (const r of roomIds) {
    if (!prepared(db, `SELECT 1 FROM rooms WHERE id = ?`).get(r)) throw notFound('room', r);
  }
  prepared(db, `DELETE FROM appointment_type_providers WHERE type_id = ?`).run(id);
  prepared(db, `DELETE FROM appointment_type_rooms WHERE type_id = ?`).run(id);
  const addProvider = prepared(db, `INSERT INTO appointment_type_providers (type_id, provider_id) VALUES (?, ?)`);
  for (const p of providerIds) addProvider.run(id, p);
  const addRoom = prepared(db, `INSERT INTO appointment_type_rooms (type_id, room_id) VALUES (?, ?)`);
  for (const r of roomIds) addRoom.run(id, r);
}

function assertNameFree(db: ReadDb, name: string, self: AppointmentTypeId | null): void {
  const other = prepared<{ id: string }>(db, `SELECT id FROM appointment_types WHERE name = ?`).get(name);
  if (other && other.id !== self) {
    const message = 'An appointment type with that name already exists. Choose another name.';
    throw new AppError('VALIDATION', message, { appointmentTypeId: other.id, issues: [{ path: 'name', message }] });
  }
}
