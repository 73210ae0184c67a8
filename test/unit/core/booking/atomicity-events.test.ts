import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { book, cancel, reschedule } from '@main/core/booking';
import { createEventBus, type AppointmentsChangedEvent } from '@main/core/events';
import type { BookInput } from '@shared/schemas/booking';
import { buildClinic, localInstant, rowCounts, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const tue = (time: string) => localInstant('2025-03-04', time);
const input = (over: Partial<BookInput> = {}): BookInput => ({
  patientId: f.patients.ann,
  providerId: f.providers.smith.id,
  locationId: f.main.id,
  typeId: f.types.cleaning.id,
  startAt: tue('09:00'),
  ...over,
});

describe('nothing half-written', () => {
  it.each(['outbox', 'audit_log', 'reminders'])('a failure writing %s rolls back the whole booking', (table) => {
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    t.db.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = rowCounts(t.db);
    expect(() => book(f.ctx, input())).toThrow(/disk trouble/);
    expect(rowCounts(t.db)).toEqual(before);
    off();
    expect(events).toEqual([]);
  });

  it('a failure late in a reschedule leaves the visit at its old time with its reminders', () => {
    const a = book(f.ctx, input());
    const stored = t.db.prepare(`SELECT * FROM appointments WHERE id = ?`).get(a.id);
    const storedReminders = t.db.prepare(`SELECT * FROM reminders ORDER BY id`).all();
    t.db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = rowCounts(t.db);
    expect(() => reschedule(f.ctx, { id: a.id, startAt: tue('14:00') })).toThrow(/disk trouble/);
    expect(() => cancel(f.ctx, { id: a.id, reason: 'x' })).toThrow(/disk trouble/);
    expect(rowCounts(t.db)).toEqual(before);
    expect(t.db.prepare(`SELECT * FROM appointments WHERE id = ?`).get(a.id)).toEqual(stored);
    expect(t.db.prepare(`SELECT * FROM reminders ORDER BY id`).all()).toEqual(storedReminders);
  });

  it('a database locked by another writer past the busy timeout is LOCKED, with nothing written', async () => {
    const { openDatabase } = await import('@main/core/db/open');
    const other = openDatabase(t.file, { busyTimeoutMs: 0 });
    const mine = openDatabase(t.file, { busyTimeoutMs: 50 });
    other.exec('BEGIN IMMEDIATE');
    try {
      const before = rowCounts(other);
      let code: string | undefined;
      try {
        book({ ...f.ctx, db: mine }, input());
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(code).toBe('LOCKED');
      other.exec('ROLLBACK');
      expect(rowCounts(other)).toEqual(before);
    } finally {
      other.close();
      mine.close();
    }
  });
});

describe('core event bus', () => {
  it('delivers to subscribers until they unsubscribe, and isolates a failing listener', () => {
    const errors: unknown[] = [];
    const bus = createEventBus((_name, e) => errors.push(e));
    const got: string[] = [];
    const offA = bus.on('clinic/changed', () => {
      throw new Error('listener bug');
    });
    const offB = bus.on('clinic/changed', (e) => got.push(e.entity));
    bus.emit('clinic/changed', { entity: 'room', ids: ['r'] });
    offA();
    offB();
    bus.emit('clinic/changed', { entity: 'room', ids: ['r'] });
    expect(got).toEqual(['room']);
    expect(errors).toHaveLength(1);
  });

  it('a throwing listener does not turn a committed booking into an error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const off = f.ctx.events.on('appointments/changed', () => {
      throw new Error('renderer gone');
    });
    try {
      const a = book(f.ctx, input());
      expect(a.status).toBe('booked');
      expect(spy).toHaveBeenCalledOnce();
    } finally {
      off();
      spy.mockRestore();
    }
  });
});
