import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBlockout,
  ensureDeviceId,
  getClinicSettings,
  listBlockoutsInRange,
  removeBlockout,
  updateBlockout,
  updateClinicSettings,
} from '@main/core/clinic';
import { buildClinic, localInstant, rowCounts, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const h = (time: string) => localInstant('2025-03-04', time);

describe('blockouts', () => {
  it('block a provider and/or a room; the private reason never leaves the workstation', () => {
    const lunch = createBlockout(f.ctx, {
      providerId: f.providers.smith.id,
      startAt: h('12:00'),
      endAt: h('13:00'),
      reason: 'Dentist appointment of her own',
    });
    const repair = createBlockout(f.ctx, { roomId: f.rooms.op1.id, startAt: h('08:00'), endAt: h('18:00'), reason: 'Chair repair' });
    expect(lunch).toMatchObject({ providerId: f.providers.smith.id, roomId: null, reason: 'Dentist appointment of her own' });

    const outbox = t.db.prepare(`SELECT payload FROM outbox WHERE entity_type = 'blockout'`).pluck().all() as string[];
    const audit = t.db.prepare(`SELECT details FROM audit_log WHERE entity_type = 'blockout'`).pluck().all() as string[];
    expect(outbox).toHaveLength(2);
    for (const text of [...outbox, ...audit]) {
      expect(text).not.toMatch(/Dentist|Chair|reason/);
    }

    const day = { from: h('00:00'), to: localInstant('2025-03-05', '00:00') };
    expect(listBlockoutsInRange(t.db, day).map((b) => b.id)).toEqual([repair.id, lunch.id]);
    expect(listBlockoutsInRange(t.db, { ...day, providerIds: [f.providers.smith.id] })).toEqual([lunch]);
    expect(listBlockoutsInRange(t.db, { ...day, roomIds: [f.rooms.op1.id] })).toEqual([repair]);
    expect(listBlockoutsInRange(t.db, { ...day, providerIds: [f.providers.jones.id] })).toEqual([]);
    expect(listBlockoutsInRange(t.db, { from: h('13:00'), to: h('14:00'), providerIds: [f.providers.smith.id] })).toEqual([]);

    const moved = updateBlockout(f.ctx, { id: lunch.id, endAt: h('13:30') });
    expect(moved).toMatchObject({ startAt: h('12:00'), endAt: h('13:30'), reason: lunch.reason });
    expectAppError(() => updateBlockout(f.ctx, { id: lunch.id, endAt: h('11:00') }), 'VALIDATION');
    removeBlockout(f.ctx, { id: repair.id });
    expectAppError(() => removeBlockout(f.ctx, { id: repair.id }), 'NOT_FOUND');
    expect(listBlockoutsInRange(t.db, day)).toEqual([moved]);
  });

  it('need a provider or a room, an end after the start, and existing targets', () => {
    const before = rowCounts(t.db);
    expectAppError(() => createBlockout(f.ctx, { startAt: h('09:00'), endAt: h('10:00') }), 'VALIDATION');
    expectAppError(() => createBlockout(f.ctx, { roomId: f.rooms.op1.id, startAt: h('10:00'), endAt: h('10:00') }), 'VALIDATION');
    expectAppError(() => createBlockout(f.ctx, { providerId: 'ghost', startAt: h('09:00'), endAt: h('10:00') }), 'NOT_FOUND');
    expectAppError(() => listBlockoutsInRange(t.db, { from: h('10:00'), to: h('09:00') }), 'VALIDATION');
    expectAppError(() => listBlockoutsInRange(t.db, { from: 0, to: 200 * 86_400_000 }), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
  });
});

describe('clinic settings', () => {
  it('have defaults, take updates and keep one device id', () => {
    expect(getClinicSettings(t.db)).toEqual({
      reminderOffsetsMin: [1440, 60],
      bookingGraceMin: 15,
      defaultIntervalMin: 15,
      deviceId: '',
      updateChannel: 'latest',
      clinicName: 'Frontdesk Clinic',
      timeFormat: '12h',
      dateOrder: 'MDY',
      updateFeedUrl: null,
      waitAlertMin: 15,
    });
    const updated = updateClinicSettings(f.ctx, { reminderOffsetsMin: [2880, 120], clinicName: 'Bright Smiles', timeFormat: '24h' });
    expect(updated).toMatchObject({ reminderOffsetsMin: [2880, 120], bookingGraceMin: 15, clinicName: 'Bright Smiles', timeFormat: '24h' });
    expect(getClinicSettings(t.db)).toEqual(updated);
    const audit = t.db.prepare(`SELECT details FROM audit_log WHERE action = 'settings.update'`).pluck().get() as string;
    expect(JSON.parse(audit)).toEqual({ keys: ['reminderOffsetsMin', 'clinicName', 'timeFormat'] });

    const id = ensureDeviceId(t.db);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ensureDeviceId(t.db)).toBe(id);
    expect(getClinicSettings(t.db).deviceId).toBe(id);
  });

  it.each([
    [{ reminderOffsetsMin: [60, 60] }],
    [{ reminderOffsetsMin: [0] }],
    [{ bookingGraceMin: -1 }],
    [{ defaultIntervalMin: 7 }],
    [{ timeFormat: '13h' as never }],
    [{ dateOrder: 'YMD' as never }],
    [{ deviceId: 'x' }],
    [{ updateChannel: 'nightly' }],
    [{ clinicName: '' }],
    [{ updateFeedUrl: 'ftp://updates.example' }],
    [{ updateFeedUrl: 'http://updates.clinic.example/frontdesk/' }],
    [{ updateFeedUrl: 'https://desk:secret@updates.clinic.example/frontdesk/' }],
    [{ updateFeedUrl: 'https://updates.clinic.example/\u0000' }],
  ])('rejects %j and changes nothing', (patch) => {
    const before = getClinicSettings(t.db);
    expectAppError(() => updateClinicSettings(f.ctx, patch as never), 'VALIDATION');
    expect(getClinicSettings(t.db)).toEqual(before);
  });

  it('takes an https update feed (plain http only on this computer) and audits where it was pointed', () => {
    updateClinicSettings(f.ctx, { updateFeedUrl: 'https://updates.clinic.example/frontdesk/' });
    updateClinicSettings(f.ctx, { updateFeedUrl: 'http://127.0.0.1:8080/feed/' });
    updateClinicSettings(f.ctx, { updateFeedUrl: 'http://127.0.0.1:8080/feed/', clinicName: 'Same feed' });
    updateClinicSettings(f.ctx, { updateFeedUrl: null });
    const rows = t.db.prepare(`SELECT entity_id AS entityId, details FROM audit_log WHERE action = 'settings.update_feed' ORDER BY rowid`).all() as Array<{ entityId: string; details: string }>;
    expect(rows.map((r) => JSON.parse(r.details) as unknown)).toEqual([
      { from: null, to: 'https://updates.clinic.example/frontdesk/' },
      { from: 'https://updates.clinic.example/frontdesk/', to: 'http://127.0.0.1:8080/feed/' },
      { from: 'http://127.0.0.1:8080/feed/', to: null },
    ]);
    expect(rows.every((r) => r.entityId === 'updateFeedUrl')).toBe(true);
  });

  it('reports damaged stored settings instead of guessing', () => {
    t.db.prepare(`INSERT INTO settings (key, value) VALUES ('bookingGraceMin', '"soon"')`).run();
    expectAppError(() => getClinicSettings(t.db), 'INTERNAL');
  });
});
