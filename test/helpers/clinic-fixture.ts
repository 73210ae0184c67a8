import { DateTime } from 'luxon';
import type { AppointmentTypeDto, LocationDto, ProviderDto, RoomDto } from '../../src-shared/domain/clinic';
import type { EpochMs, PatientId } from '../../src-shared/domain/ids';
import {
  addOpeningHours,
  createAppointmentType,
  createLocation,
  createProvider,
  createRoom,
} from '../../src-main/core/clinic';
import type { CoreContext } from '../../src-main/core/context';
import type { ReadDb, WriteDb } from '../../src-main/core/db/open';
import { newId } from '../../src-main/core/ids';
import { FixedClock } from '../../src-main/platform/clock';
import { createEventBus, type CoreEventBus } from '../../src-main/core/events';

/**
 * A small clinic for tests, built through the real set-up functions.
 *
 * Main (America/New_York): rooms "Op 1", "Op 2" and the inactive "Op 9".
 * Uptown (America/Chicago): room "Uptown 1".
 * Providers: Smith and Jones (Main, Mon–Fri 09:00–12:00 and 13:00–17:00 from
 * 2025-01-01; Jones also Uptown, Sat 09:00–13:00) and the inactive Retired.
 * Types: Checkup 30 min (no room; Smith, Jones); Cleaning 45 min, needs a room,
 * buffers 5 before / 10 after (Smith, Jones); Surgery 60 min, needs Op 2 (Smith);
 * Old type (inactive; Smith). Three patients.
 * "Now" is Monday 2025-03-03 08:00 in New York; Sunday 2025-03-09 is a DST day.
 */

export const ZONE = 'America/New_York';
export const NOW = localInstant('2025-03-03', '08:00');

/** The instant of a local wall time (`HH:mm`) on a local date, in New York unless told. */
export function localInstant(date: string, time: string, zone = ZONE): EpochMs {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${date} ${time}`);
  return dt.toMillis();
}

export interface TestContext extends CoreContext {
  clock: FixedClock;
}

export function testContext(db: WriteDb, now: EpochMs = NOW): TestContext {
  return { db, clock: new FixedClock(now), actor: { user: 'test-user', device: 'test-device' }, events: createEventBus() };
}

export interface ClinicFixture {
  ctx: TestContext;
  main: LocationDto;
  uptown: LocationDto;
  rooms: { op1: RoomDto; op2: RoomDto; op9: RoomDto; uptown1: RoomDto };
  providers: { smith: ProviderDto; jones: ProviderDto; retired: ProviderDto };
  types: { checkup: AppointmentTypeDto; cleaning: AppointmentTypeDto; surgery: AppointmentTypeDto; old: AppointmentTypeDto };
  patients: { ann: PatientId; bob: PatientId; cyd: PatientId };
}

export interface FixtureOptions {
  now?: EpochMs;
  /** Smith and Jones open around the clock every day at Main, nobody at Uptown (race and crash tests). */
  openAllDay?: boolean;
  /** The event bus of the desk the clinic is built in, so its services hear of the new set-up (as they would from their own changes). */
  events?: CoreEventBus;
}

export function buildClinic(db: WriteDb, opts: FixtureOptions = {}): ClinicFixture {
  const ctx = { ...testContext(db, opts.now ?? NOW), ...(opts.events ? { events: opts.events } : {}) };
  const main = createLocation(ctx, { name: 'Main Street', zone: ZONE, address: '1 Main St', phone: '555-0100' });
  const uptown = createLocation(ctx, { name: 'Uptown', zone: 'America/Chicago' });
  const rooms = {
    op1: createRoom(ctx, { locationId: main.id, name: 'Op 1' }),
    op2: createRoom(ctx, { locationId: main.id, name: 'Op 2' }),
    op9: createRoom(ctx, { locationId: main.id, name: 'Op 9', active: false }),
    uptown1: createRoom(ctx, { locationId: uptown.id, name: 'Uptown 1' }),
  };
  const providers = {
    smith: createProvider(ctx, { name: 'Dr. Smith', colour: '#1F77B4', zone: ZONE, npi: '1234567893' }),
    jones: createProvider(ctx, { name: 'Dr. Jones', colour: '#ff7f0e', zone: ZONE }),
    retired: createProvider(ctx, { name: 'Dr. Retired', colour: '#7f7f7f', zone: ZONE, active: false }),
  };
  const { smith, jones, retired } = providers;
  const types = {
    checkup: createAppointmentType(ctx, {
      name: 'Checkup',
      durationMin: 30,
      colour: '#2ca02c',
      providerIds: [smith.id, jones.id, retired.id],
    }),
    cleaning: createAppointmentType(ctx, {
      name: 'Cleaning',
      durationMin: 45,
      colour: '#17becf',
      needsRoom: true,
      bufferBeforeMin: 5,
      bufferAfterMin: 10,
      externalCode: 'D1110',
      providerIds: [smith.id, jones.id],
    }),
    surgery: createAppointmentType(ctx, {
      name: 'Surgery',
      durationMin: 60,
      colour: '#d62728',
      needsRoom: true,
      providerIds: [smith.id],
      roomIds: [rooms.op2.id],
    }),
    old: createAppointmentType(ctx, { name: 'Old type', durationMin: 20, colour: '#8c564b', active: false, providerIds: [smith.id] }),
  };
  for (const p of [smith, jones]) {
    for (let weekday = 1; weekday <= 7; weekday++) {
      const spans: Array<[number, number]> = opts.openAllDay
        ? [[0, 1440]]
        : weekday <= 5
          ? [
              [9 * 60, 12 * 60],
              [13 * 60, 17 * 60],
            ]
          : [];
      for (const [startMin, endMin] of spans) {
        addOpeningHours(ctx, { providerId: p.id, locationId: main.id, weekday, startMin, endMin, effectiveFrom: '2025-01-01' });
      }
    }
  }
  if (!opts.openAllDay) {
    addOpeningHours(ctx, {
      providerId: jones.id,
      locationId: uptown.id,
      weekday: 6,
      startMin: 9 * 60,
      endMin: 13 * 60,
      effectiveFrom: '2025-01-01',
    });
  }
  const patients = {
    ann: insertPatient(db, { given: 'Ann', family: 'Archer', dob: '1980-01-01', phone: '555-0101' }),
    bob: insertPatient(db, { given: 'Bob', family: 'Baker', dob: '1975-06-15', phone: '555-0102' }),
    cyd: insertPatient(db, { given: 'Cyd', family: 'Cole', dob: '2001-11-30' }),
  };
  return { ctx, main, uptown, rooms, providers, types, patients };
}

/** A minimal patient row, written directly so booking tests do not depend on the patients service. */
function insertPatient(
  db: WriteDb,
  p: { given: string; family: string; dob: string; phone?: string },
): PatientId {
  const id = newId<PatientId>();
  db.prepare(
    `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, name_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  ).run(
    id,
    p.given,
    p.family,
    p.dob,
    p.phone ?? null,
    (p.phone ?? '').replace(/\D/g, ''),
    `${p.family} ${p.given}`.toLowerCase(),
  );
  return id;
}

export interface RowCounts {
  appointments: number;
  reminders: number;
  audit: number;
  outbox: number;
}

/** Row counts of what a booking writes, to assert that a refused change wrote nothing. */
export function rowCounts(db: ReadDb): RowCounts {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    appointments: count('appointments'),
    reminders: count('reminders'),
    audit: count('audit_log'),
    outbox: count('outbox'),
  };
}
