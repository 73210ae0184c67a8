import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as clinic from '@main/core/clinic';
import { calendarRange } from '@main/core/calendar/range';
import { newId } from '@main/core/ids';
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

const DAY = '2025-03-04';
const at = (time: string) => localInstant(DAY, time);
const busy = (providerId: string, from: string, to: string) =>
  t.db
    .prepare(`INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES (?, ?, ?, ?, 'caldav:test')`)
    .run(newId(), providerId, at(from), at(to));

const setupOf = () => clinic.readClinicSetup(t.db);

describe('providers’ own-calendar busy time on the grid', () => {
  it('is read with the day (when only) and drawn as one merged, unbookable band in the provider’s column', () => {
    busy(f.providers.smith.id, '10:00', '10:30');
    busy(f.providers.smith.id, '10:15', '11:00'); // overlaps the first: one band
    busy(f.providers.jones.id, '07:00', '08:00');
    busy(f.providers.smith.id, '23:30', '23:45');
    t.db
      .prepare(`INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES (?, ?, ?, ?, 'caldav:test')`)
      .run(newId(), f.providers.smith.id, localInstant('2025-03-05', '10:00'), localInstant('2025-03-05', '11:00')); // the next day

    const range = calendarRange(t.db, { from: at('00:00'), to: localInstant('2025-03-05', '00:00') });
    expect(range.externalBusy).toHaveLength(4);
    expect(Object.keys(range.externalBusy[0]!).sort()).toEqual(['endAt', 'providerId', 'startAt']);

    const layout = buildLayout(setupOf(), range, {
      axis: 'providers',
      date: DAY,
      zone: f.main.zone,
      locationId: null,
      hiddenProviderIds: new Set(),
      pendingMoves: new Map(),
    });
    const smith = layout.columns.find((c) => c.providerId === f.providers.smith.id)!;
    const external = smith.blocks.filter((b) => b.external);
    expect(external.map((b) => [b.startMin, b.endMin])).toEqual([
      [600, 660],
      [1410, 1425],
    ]);
    expect(external[0]!.reason).toBe('Busy in own calendar');
    // Inside the provider's hours (9–12) but busy elsewhere: not bookable from the grid.
    expect(isOpenAt(smith, 630, 645)).toBe(false);
    expect(isOpenAt(smith, 660, 675)).toBe(true);
    const jones = layout.columns.find((c) => c.providerId === f.providers.jones.id)!;
    expect(jones.blocks.filter((b) => b.external).map((b) => [b.startMin, b.endMin])).toEqual([[420, 480]]);
  });
});
