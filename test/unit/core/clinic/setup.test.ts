import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAppointmentType,
  createLocation,
  createProvider,
  createRoom,
  getAppointmentType,
  listAppointmentTypes,
  listLocations,
  listProviders,
  listRooms,
  updateAppointmentType,
  updateLocation,
  updateProvider,
  updateRoom,
} from '@main/core/clinic';
import type { ClinicChangedEvent } from '@main/core/events';
import { isValidNpi } from '@shared/schemas/clinic';
import { openTempDb } from '../../../helpers/tempdb';
import { rowCounts, testContext, type TestContext } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';

let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
});
afterEach(() => t.cleanup());

const count = (table: string) => t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('locations', () => {
  it('creates, updates and lists, with an audit and an outbox row per change', () => {
    const events: ClinicChangedEvent[] = [];
    const off = ctx.events.on('clinic/changed', (e) => events.push(e));
    const loc = createLocation(ctx, { name: '  Main  ', zone: 'America/New_York' });
    expect(loc).toMatchObject({ name: 'Main', zone: 'America/New_York', address: '', phone: '' });
    const moved = updateLocation(ctx, { id: loc.id, address: '2 Side St', zone: 'America/Chicago' });
    expect(moved).toMatchObject({ id: loc.id, name: 'Main', address: '2 Side St', zone: 'America/Chicago' });
    expect(listLocations(t.db)).toEqual([moved]);
    off();
    expect(events).toEqual([
      { entity: 'location', ids: [loc.id] },
      { entity: 'location', ids: [loc.id] },
    ]);
    const audit = t.db.prepare(`SELECT action, entity_id AS id, actor, device FROM audit_log ORDER BY seq`).all();
    expect(audit).toEqual([
      { action: 'location.create', id: loc.id, actor: 'test-user', device: 'test-device' },
      { action: 'location.update', id: loc.id, actor: 'test-user', device: 'test-device' },
    ]);
    expect(t.db.prepare(`SELECT operation FROM outbox ORDER BY seq`).pluck().all()).toEqual([
      'location.create',
      'location.update',
    ]);
  });

  it.each(['Mars/Olympus', 'EST5EDT-ish', '+05:00', '', 'america'])('rejects the time zone %j and writes nothing', (zone) => {
    const e = expectAppError(() => createLocation(ctx, { name: 'X', zone }), 'VALIDATION');
    expect(e.details).toMatchObject({ issues: [{ path: 'zone' }] });
    expect(count('locations')).toBe(0);
    expect(rowCounts(t.db)).toMatchObject({ audit: 0, outbox: 0 });
  });

  it('rejects unknown fields and a missing name', () => {
    expectAppError(() => createLocation(ctx, { name: 'X', zone: 'UTC', colour: 'red' } as never), 'VALIDATION');
    expectAppError(() => createLocation(ctx, { name: '   ', zone: 'UTC' }), 'VALIDATION');
    expect(count('locations')).toBe(0);
  });

  it('reports NOT_FOUND when updating a location that does not exist', () => {
    const e = expectAppError(() => updateLocation(ctx, { id: 'nope', name: 'Y' }), 'NOT_FOUND');
    expect(e.details).toEqual({ entity: 'location', id: 'nope' });
    expect(rowCounts(t.db)).toMatchObject({ audit: 0, outbox: 0 });
  });
});

describe('rooms', () => {
  it('belong to a location, have unique names there, and can be deactivated', () => {
    const a = createLocation(ctx, { name: 'A', zone: 'UTC' });
    const b = createLocation(ctx, { name: 'B', zone: 'UTC' });
    const r1 = createRoom(ctx, { locationId: a.id, name: 'Op 1' });
    createRoom(ctx, { locationId: b.id, name: 'Op 1' }); // same name elsewhere is fine
    const before = rowCounts(t.db);
    expectAppError(() => createRoom(ctx, { locationId: a.id, name: 'Op 1' }), 'VALIDATION');
    expectAppError(() => createRoom(ctx, { locationId: 'missing', name: 'Op 2' }), 'NOT_FOUND');
    expect(rowCounts(t.db)).toEqual(before);
    const r2 = createRoom(ctx, { locationId: a.id, name: 'Op 2' });
    expectAppError(() => updateRoom(ctx, { id: r2.id, name: 'Op 1' }), 'VALIDATION');
    expect(updateRoom(ctx, { id: r1.id, active: false })).toMatchObject({ id: r1.id, active: false, name: 'Op 1' });
    expect(listRooms(t.db, a.id).map((r) => [r.name, r.active])).toEqual([
      ['Op 1', false],
      ['Op 2', true],
    ]);
    expect(listRooms(t.db)).toHaveLength(3);
  });
});

describe('providers', () => {
  it('stores colours in lower case, validates the NPI check digit and deactivates', () => {
    const p = createProvider(ctx, { name: 'Dr. A', colour: '#ABCDEF', zone: 'Europe/Paris', npi: '1234567893' });
    expect(p).toMatchObject({ colour: '#abcdef', npi: '1234567893', active: true, zone: 'Europe/Paris' });
    expectAppError(() => createProvider(ctx, { name: 'Dr. B', colour: 'blue', zone: 'UTC' }), 'VALIDATION');
    expectAppError(() => createProvider(ctx, { name: 'Dr. B', colour: '#123456', zone: 'UTC', npi: '1234567890' }), 'VALIDATION');
    expectAppError(() => createProvider(ctx, { name: 'Dr. B', colour: '#123456', zone: 'Nowhere/Land' }), 'VALIDATION');
    expect(updateProvider(ctx, { id: p.id, active: false, npi: null })).toMatchObject({ active: false, npi: null });
    expect(listProviders(t.db, { activeOnly: true })).toEqual([]);
    expect(listProviders(t.db)).toHaveLength(1);
    expect(count('providers')).toBe(1);
  });

  it('knows valid NPIs', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
  });
});

describe('appointment types', () => {
  it('links providers and rooms, replaces the links on update and validates durations', () => {
    const loc = createLocation(ctx, { name: 'A', zone: 'UTC' });
    const room = createRoom(ctx, { locationId: loc.id, name: 'Op 1' });
    const p1 = createProvider(ctx, { name: 'P1', colour: '#000000', zone: 'UTC' });
    const p2 = createProvider(ctx, { name: 'P2', colour: '#000000', zone: 'UTC' });
    const type = createAppointmentType(ctx, {
      name: 'Filling',
      durationMin: 40,
      colour: '#112233',
      needsRoom: true,
      externalCode: 'D2391',
      bufferAfterMin: 10,
      providerIds: [p1.id],
      roomIds: [room.id],
    });
    expect(type).toMatchObject({
      durationMin: 40,
      needsRoom: true,
      externalCode: 'D2391',
      bufferBeforeMin: 0,
      bufferAfterMin: 10,
      active: true,
      providerIds: [p1.id],
      roomIds: [room.id],
    });
    const updated = updateAppointmentType(ctx, { id: type.id, providerIds: [p2.id, p1.id], roomIds: [] });
    expect(new Set(updated.providerIds)).toEqual(new Set([p1.id, p2.id]));
    expect(getAppointmentType(t.db, type.id)).toEqual({ ...updated, providerIds: [p1.id, p2.id].sort() });
    expect(listAppointmentTypes(t.db)).toEqual([getAppointmentType(t.db, type.id)]);

    const before = rowCounts(t.db);
    const typeRows = count('appointment_types');
    const linkRows = count('appointment_type_providers');
    for (const durationMin of [0, 7, 42, 725, 12.5]) {
      expectAppError(() => createAppointmentType(ctx, { name: 'X', durationMin, colour: '#000000' }), 'VALIDATION');
    }
    expectAppError(() => createAppointmentType(ctx, { name: 'Filling', durationMin: 10, colour: '#000000' }), 'VALIDATION');
    expectAppError(
      () => createAppointmentType(ctx, { name: 'Y', durationMin: 10, colour: '#000000', providerIds: [p1.id, 'ghost'] }),
      'NOT_FOUND',
    );
    expectAppError(
      () => createAppointmentType(ctx, { name: 'Y', durationMin: 10, colour: '#000000', providerIds: [p1.id, p1.id] }),
      'VALIDATION',
    );
    expectAppError(() => updateAppointmentType(ctx, { id: type.id, roomIds: ['ghost'] }), 'NOT_FOUND');
    expectAppError(() => createAppointmentType(ctx, { name: 'Z', durationMin: 10, colour: '#000000', bufferBeforeMin: -5 }), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
    expect(count('appointment_types')).toBe(typeRows);
    expect(count('appointment_type_providers')).toBe(linkRows);
    expect(getAppointmentType(t.db, type.id).roomIds).toEqual([]);
  });
});
