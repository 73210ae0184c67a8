import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as clinic from '@main/core/clinic';
import { book } from '@main/core/booking/book';
import { calendarRange } from '@main/core/calendar/range';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { gutterClock, nowSegments, spanOfDates } from '@renderer/features/calendar-grid/grid-clocks';
import { buildLayout, isOpenAt } from '@renderer/features/calendar-grid/layout';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

// A Saturday: Jones works at Uptown (Chicago, 9–13 Chicago time); Smith is given hours at Main (New York).
const SATURDAY = '2025-03-08';
const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';

function setupOf(): ClinicSetupDto {
  return {
    locations: clinic.listLocations(t.db),
    rooms: clinic.listRooms(t.db),
    providers: clinic.listProviders(t.db),
    appointmentTypes: clinic.listAppointmentTypes(t.db),
    settings: clinic.getClinicSettings(t.db),
  };
}

function dayLayout(locationId: string | null = null) {
  const setup = setupOf();
  const zones = locationId ? [setup.locations.find((l) => l.id === locationId)!.zone] : [NY, ...setup.locations.map((l) => l.zone)];
  const range = calendarRange(t.db, { ...spanOfDates(zones, SATURDAY, SATURDAY), ...(locationId ? { locationId } : {}) } as never);
  return buildLayout(setup, range, {
    axis: 'providers',
    date: SATURDAY,
    zone: zones[0]!, // the grid's zone: the chosen location's, else the clinic's
    locationId: locationId as never,
    hiddenProviderIds: new Set(),
    pendingMoves: new Map(),
    showReleased: false,
    showOffDuty: true,
  });
}

describe('one clock per location on the day grid', () => {
  beforeEach(() => {
    clinic.addOpeningHours(f.ctx, { providerId: f.providers.smith.id, locationId: f.main.id, weekday: 6, startMin: 9 * 60, endMin: 12 * 60, effectiveFrom: '2025-01-01' });
  });

  it('reads the day from the earliest midnight to the latest of the clocks shown', () => {
    expect(spanOfDates([NY, CHICAGO], SATURDAY, SATURDAY)).toEqual({
      from: localInstant(SATURDAY, '00:00', NY),
      to: localInstant('2025-03-09', '00:00', CHICAGO),
    });
  });

  it('draws each location’s columns on its own wall clock, so 9:15 in Chicago sits on the 9:15 row', () => {
    const chicagoVisit = book(f.ctx, {
      patientId: f.patients.ann,
      providerId: f.providers.jones.id,
      locationId: f.uptown.id,
      typeId: f.types.checkup.id,
      startAt: localInstant(SATURDAY, '09:15', CHICAGO),
    });
    const newYorkVisit = book(f.ctx, {
      patientId: f.patients.bob,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: localInstant(SATURDAY, '09:15', NY),
    });
    const layout = dayLayout();
    const jones = layout.columns.find((c) => c.providerId === f.providers.jones.id)!;
    const smith = layout.columns.find((c) => c.providerId === f.providers.smith.id)!;
    expect([jones.zone, smith.zone]).toEqual([CHICAGO, NY]);
    expect(jones.open).toEqual([[540, 780]]);
    expect(smith.open).toEqual([[540, 720]]);
    expect(jones.cards.map((c) => [c.appointment.id, c.startMin, c.endMin])).toEqual([[chicagoVisit.id, 555, 585]]);
    expect(smith.cards.map((c) => [c.appointment.id, c.startMin, c.endMin])).toEqual([[newYorkVisit.id, 555, 585]]);
    // A free cell is judged on the column's own clock: 12:30 is open in Chicago, closed in New York.
    expect(isOpenAt(jones, 750, 765)).toBe(true);
    expect(isOpenAt(smith, 750, 765)).toBe(false);
    expect(layout.groups.map((g) => [g.label, g.zone])).toEqual([
      ['Main Street', NY],
      ['Uptown', CHICAGO],
    ]);
  });

  it('heads the gutter "Local" when clocks differ, else with the one zone, and puts "now" on each clock', () => {
    const layout = dayLayout();
    const now = localInstant(SATURDAY, '09:30', CHICAGO); // 10:30 in New York
    expect(gutterClock(layout.groups, NY, now).text).toBe('Local');
    const lines = nowSegments(layout.columns, layout.groups, now);
    expect(lines.map((l) => [layout.columns[l.first]!.zone, l.minute])).toEqual([
      [NY, 630],
      [CHICAGO, 570],
    ]);
    const uptownOnly = dayLayout(f.uptown.id);
    // Smith, not working at Uptown that day, is listed on Uptown's clock too.
    expect(uptownOnly.columns.map((c) => [c.label, c.zone])).toEqual([
      ['Dr. Jones', CHICAGO],
      ['Dr. Smith', CHICAGO],
    ]);
    expect(gutterClock(uptownOnly.groups, CHICAGO, now).text).toBe('CST');
  });

  it('keeps a visit of the next Chicago day out of a New York column read with the wider range', () => {
    clinic.addOpeningHours(f.ctx, { providerId: f.providers.smith.id, locationId: f.main.id, weekday: 7, startMin: 0, endMin: 120, effectiveFrom: '2025-01-01' });
    book(f.ctx, {
      patientId: f.patients.cyd,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: localInstant('2025-03-09', '00:15', NY),
    });
    const smith = dayLayout().columns.find((c) => c.providerId === f.providers.smith.id)!;
    expect(smith.cards).toEqual([]);
    expect(smith.open).toEqual([[540, 720]]);
  });
});
