import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as clinic from '@main/core/clinic';
import { book, cancel, markNoShow } from '@main/core/booking';
import { calendarRange } from '@main/core/calendar/range';
import { buildLayout, type LayoutOptions } from '@renderer/features/calendar-grid/layout';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

/** The day grid's layout over a real range read: Tuesday 2025-03-04, Smith and Jones at Main 09–12, 13–17. */
let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const DAY = '2025-03-04';
const at = (time: string) => localInstant(DAY, time);

const setupOf = () => clinic.readClinicSetup(t.db);

function layoutOf(over: Partial<LayoutOptions> = {}) {
  const range = calendarRange(t.db, { from: at('00:00'), to: localInstant('2025-03-05', '00:00') });
  return buildLayout(setupOf(), range, {
    axis: 'providers',
    date: DAY,
    zone: f.main.zone,
    locationId: null,
    hiddenProviderIds: new Set(),
    pendingMoves: new Map(),
    ...over,
  });
}

const visit = (time: string, typeId = f.types.checkup.id, patientId = f.patients.ann) =>
  book(f.ctx, { patientId, providerId: f.providers.smith.id, locationId: f.main.id, typeId, startAt: at(time) });

describe('day grid layout', () => {
  it('leaves out providers who do not work that day, unless asked, and counts them', () => {
    const third = clinic.createProvider(f.ctx, { name: 'Dr. Third', colour: '#123456', zone: f.main.zone });
    const working = layoutOf();
    expect(new Set(working.columns.map((c) => c.providerId))).toEqual(new Set([f.providers.jones.id, f.providers.smith.id]));
    expect(working.offDuty).toBe(1);
    const all = layoutOf({ showOffDuty: true });
    expect(all.columns.find((c) => c.providerId === third.id)).toMatchObject({ groupKey: 'not-scheduled', open: [] });
    expect(all.offDuty).toBe(0);
  });

  it('keeps a provider who works that day even without visits, and one with a live visit outside hours', () => {
    clinic.setHoursOverride(f.ctx, { providerId: f.providers.jones.id, locationId: f.main.id, date: DAY, intervals: [] });
    expect(layoutOf().columns.map((c) => c.providerId)).toEqual([f.providers.smith.id]);
    const early = book(f.ctx, {
      patientId: f.patients.bob,
      providerId: f.providers.jones.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: at('10:00'),
      override: { reason: 'Seen on a closed day' },
    });
    expect(layoutOf().columns.map((c) => c.providerId)).toContain(f.providers.jones.id);
    // Once that visit is cancelled nothing holds Jones's day: off duty again.
    cancel(f.ctx, { id: early.id, reason: 'Called off' });
    expect(layoutOf().columns.map((c) => c.providerId)).toEqual([f.providers.smith.id]);
  });

  it('collapses cancelled visits and no-shows to markers that take no lane from live visits', () => {
    const gone = visit('09:00');
    cancel(f.ctx, { id: gone.id, reason: 'Ill' });
    const again = visit('09:00', f.types.checkup.id, f.patients.bob);
    const missed = visit('10:00', f.types.checkup.id, f.patients.cyd);
    f.ctx.clock.set(at('10:20'));
    markNoShow(f.ctx, { id: missed.id });

    const smith = layoutOf().columns.find((c) => c.providerId === f.providers.smith.id)!;
    expect(smith.cards.map((c) => [c.appointment.id, c.lane, c.lanes])).toEqual([[again.id, 0, 1]]);
    expect(smith.markers.map((m) => [m.appointment.id, m.appointment.status, m.startMin, m.endMin])).toEqual([
      [gone.id, 'cancelled', 540, 570],
      [missed.id, 'no_show', 600, 630],
    ]);

    const shown = layoutOf({ showReleased: true }).columns.find((c) => c.providerId === f.providers.smith.id)!;
    expect(shown.markers).toEqual([]);
    expect(shown.cards.map((c) => [c.appointment.status, c.lane, c.lanes])).toEqual([
      ['booked', 0, 2],
      ['cancelled', 1, 2],
      ['no_show', 0, 1],
    ]);
  });

  it('gives each card its busy span (preparation and clean-up), moved with the card while a move is pending', () => {
    const cleaning = visit('09:00', f.types.cleaning.id); // 5 min before, 10 after
    const card = layoutOf().columns.find((c) => c.providerId === f.providers.smith.id)!.cards[0]!;
    expect([card.busyStartMin, card.startMin, card.endMin, card.busyEndMin]).toEqual([535, 540, 585, 595]);

    const moved = layoutOf({
      pendingMoves: new Map([[cleaning.id, { startAt: at('10:00'), endAt: at('10:45'), providerId: f.providers.smith.id, roomId: cleaning.roomId }]]),
    }).columns.find((c) => c.providerId === f.providers.smith.id)!.cards[0]!;
    expect([moved.busyStartMin, moved.startMin, moved.endMin, moved.busyEndMin, moved.pending]).toEqual([595, 600, 645, 655, true]);
  });
});
