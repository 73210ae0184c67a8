import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel } from '@main/core/booking';
import * as clinic from '@main/core/clinic';
import { calendarRange } from '@main/core/calendar/range';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { buildDaySheet } from '@renderer/features/calendar-grid/day-sheet';
import { statusChoices } from '@renderer/features/calendar-grid/visit-actions';
import { buildWeek } from '@renderer/features/calendar-grid/week-layout';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

/** The week board's and the printed day sheet's layouts, from a real range read (Main in New York, Uptown in Chicago). */
let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const setupOf = (): ClinicSetupDto => ({
  locations: clinic.listLocations(t.db),
  rooms: clinic.listRooms(t.db),
  providers: clinic.listProviders(t.db),
  appointmentTypes: clinic.listAppointmentTypes(t.db),
  settings: clinic.getClinicSettings(t.db),
});
const visit = (providerId: string, locationId: string, date: string, time: string, zone?: string) =>
  book(f.ctx, { patientId: f.patients.ann, providerId, locationId, typeId: f.types.checkup.id, startAt: localInstant(date, time, zone) });
const weekRange = () => calendarRange(t.db, { from: localInstant('2025-03-03', '00:00'), to: localInstant('2025-03-10', '00:00') });

describe('the week of every provider', () => {
  it('puts each provider’s visits in their day’s cell in time order, on the location’s clock, cancelled ones counted', () => {
    const late = visit(f.providers.smith.id, f.main.id, '2025-03-04', '16:00');
    const early = visit(f.providers.smith.id, f.main.id, '2025-03-04', '09:00');
    const gone = visit(f.providers.smith.id, f.main.id, '2025-03-05', '09:00');
    cancel(f.ctx, { id: gone.id, reason: 'Called' });
    // Saturday 9:00 in Chicago is 10:00 in New York: still Saturday's cell.
    const uptown = visit(f.providers.jones.id, f.uptown.id, '2025-03-08', '09:00', 'America/Chicago');

    const week = buildWeek(setupOf(), weekRange(), { date: '2025-03-06', locationId: null, hiddenProviderIds: new Set(), showIdle: false });
    expect(week.dates).toEqual(['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09']);
    expect(week.rows.map((r) => r.name)).toEqual(['Dr. Jones', 'Dr. Smith']);
    const smith = week.rows[1]!;
    expect(smith.cells[1]!.visits.map((v) => v.id)).toEqual([early.id, late.id]);
    expect(smith.cells[2]).toMatchObject({ visits: [], cancelled: 1 });
    expect(smith.cells[1]!.open).toMatchObject({ startAt: localInstant('2025-03-04', '09:00'), endAt: localInstant('2025-03-04', '17:00') });
    expect(smith.cells[5]!.open).toBeNull();
    const jones = week.rows[0]!;
    expect(jones.cells[5]!.visits.map((v) => v.id)).toEqual([uptown.id]);
    expect(jones.cells[5]!.open?.locationId).toBe(f.uptown.id);

    // One location: Jones's Saturday at Uptown is left out; a hidden provider has no row.
    const main = buildWeek(setupOf(), weekRange(), { date: '2025-03-03', locationId: f.main.id, hiddenProviderIds: new Set([f.providers.smith.id]), showIdle: false });
    expect(main.rows.map((r) => r.name)).toEqual(['Dr. Jones']);
    expect(main.rows[0]!.cells[5]!.visits).toEqual([]);
  });

  it('leaves out providers with nothing this week unless asked', () => {
    clinic.createProvider(f.ctx, { name: 'Dr. Idle', colour: '#123456', zone: 'America/New_York' });
    const hidden = buildWeek(setupOf(), weekRange(), { date: '2025-03-03', locationId: null, hiddenProviderIds: new Set(), showIdle: false });
    expect(hidden.rows.map((r) => r.name)).not.toContain('Dr. Idle');
    expect(hidden.idle).toBe(1);
    const shown = buildWeek(setupOf(), weekRange(), { date: '2025-03-03', locationId: null, hiddenProviderIds: new Set(), showIdle: true });
    expect(shown.rows.map((r) => r.name)).toContain('Dr. Idle');
  });
});

describe('the printed day sheet', () => {
  it('lists each location’s working providers and their live visits in order, cancelled ones counted', () => {
    const b = visit(f.providers.jones.id, f.main.id, '2025-03-04', '14:00');
    const a = visit(f.providers.jones.id, f.main.id, '2025-03-04', '10:00');
    const gone = visit(f.providers.smith.id, f.main.id, '2025-03-04', '11:00');
    cancel(f.ctx, { id: gone.id, reason: 'Called' });
    visit(f.providers.smith.id, f.main.id, '2025-03-05', '11:00'); // another day
    const sheet = buildDaySheet(setupOf(), weekRange(), { date: '2025-03-04', locationId: null, hiddenProviderIds: new Set() });
    expect(sheet.map((l) => l.name)).toEqual(['Main Street']);
    const [jones, smith] = sheet[0]!.providers;
    expect(smith).toMatchObject({ name: 'Dr. Smith', visits: [], cancelled: 1 });
    expect(jones!.visits.map((v) => v.id)).toEqual([a.id, b.id]);
    expect(jones!.open).toEqual({ startAt: localInstant('2025-03-04', '09:00'), endAt: localInstant('2025-03-04', '17:00') });
    const onlyJones = buildDaySheet(setupOf(), weekRange(), { date: '2025-03-04', locationId: f.main.id, hiddenProviderIds: new Set([f.providers.smith.id]) });
    expect(onlyJones[0]!.providers.map((p) => p.name)).toEqual(['Dr. Jones']);
  });
});

describe('what a visit offers', () => {
  it('offers No-show only once the visit has started', () => {
    const startAt = localInstant('2025-03-04', '10:00');
    expect(statusChoices({ status: 'booked', startAt }, startAt - 60_000).map((c) => c.action)).toEqual(['confirm', 'check-in']);
    expect(statusChoices({ status: 'confirmed', startAt }, startAt).map((c) => c.action)).toEqual(['check-in', 'mark-no-show']);
    expect(statusChoices({ status: 'cancelled', startAt }, startAt + 1)).toEqual([]);
  });
});
