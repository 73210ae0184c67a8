import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { book } from '@main/core/booking';
import { bookSeries, checkSeries, seriesOfAppointment } from '@main/core/series';
import { moveDroppedVisit } from '@renderer/features/series';
import { useSeriesDrop } from '@renderer/features/series/series-drop';
import { useUndo } from '@renderer/stores/undo';
import type { AppointmentDto } from '@shared/domain/booking';
import type { CheckSeriesInput } from '@shared/schemas/waitlist';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectRendererToMain, type RendererMain } from '../../helpers/renderer-main';

/**
 * A card of a series dropped on the grid, against a real main: the question is
 * asked only where "this and the following" reaches further than the one visit;
 * "this visit only" moves it as any card; the wider choice moves the later visits
 * by the same step, with a visit that cannot follow left where it is until the
 * desk confirms, and one Undo for all of them.
 */
let main: RendererMain;
beforeEach(async () => {
  main = await connectRendererToMain();
  useSeriesDrop.getState().close();
  useUndo.setState({ offer: null });
});
afterEach(async () => {
  await main.close();
});

const DAY_MS = 86_400_000;

function bookWeeklySix(): AppointmentDto[] {
  const f = main.clinic;
  const ctx = main.services.core();
  const request: CheckSeriesInput = {
    patientId: f.patients.bob,
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant('2025-03-04', '10:00'),
    rule: { frequency: 'weekly', interval: 1 },
    end: { kind: 'count', count: 6 },
  };
  const check = checkSeries(ctx, request);
  const series = bookSeries(ctx, { ...request, occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
  return series.occurrences.map((o) => ctx.db.prepare(`SELECT id, start_at AS startAt, provider_id AS providerId, room_id AS roomId, location_id AS locationId FROM appointments WHERE id = ?`).get(o.appointmentId) as AppointmentDto);
}

const dropped = (a: AppointmentDto, inSeries = true) => ({ ...a, inSeries, patientGivenName: 'Bob', patientFamilyName: 'Baker' });
const startsOf = (id: string) => seriesOfAppointment(main.services.core().db, { appointmentId: id })!.occurrences.map((o) => o.startAt);

describe('a series card dropped on the grid', () => {
  it('moves a visit outside a series, or one dropped back where it was, at once', async () => {
    const [first] = bookWeeklySix();
    const moveThis = vi.fn(async () => true);
    await moveDroppedVisit(dropped(first!, false), { startAt: first!.startAt + DAY_MS }, moveThis);
    await moveDroppedVisit(dropped(first!), { startAt: first!.startAt }, moveThis);
    expect(moveThis).toHaveBeenCalledTimes(2);
    expect(useSeriesDrop.getState().flow).toBeNull();
  });

  it('asks for visit 3 of 6, and "this visit only" moves that one visit as any card', async () => {
    const visits = bookWeeklySix();
    const moveThis = vi.fn(async () => true);
    await moveDroppedVisit(dropped(visits[2]!), { startAt: visits[2]!.startAt + DAY_MS }, moveThis);
    expect(moveThis).not.toHaveBeenCalled();
    expect(useSeriesDrop.getState().flow).toMatchObject({ status: 'asking', reach: 4 });
    await useSeriesDrop.getState().thisOnly();
    expect(moveThis).toHaveBeenCalledTimes(1);
    expect(useSeriesDrop.getState().flow).toBeNull();
  });

  it('"this and the following" with a day taken shows the visits first, moves the others, and one Undo puts them back', async () => {
    const visits = bookWeeklySix();
    const before = startsOf(visits[0]!.id);
    const f = main.clinic;
    // Someone takes the day after visit 5, at its time.
    book(main.services.core(), { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-04-02', '10:00') });
    const moveThis = vi.fn(async () => true);
    await moveDroppedVisit(dropped(visits[2]!), { startAt: visits[2]!.startAt + DAY_MS }, moveThis);
    await useSeriesDrop.getState().following();
    const flow = useSeriesDrop.getState().flow!;
    expect(flow.status).toBe('review');
    expect(flow.review!.visits.map((v) => v.free)).toEqual([true, true, false, true]);
    expect(startsOf(visits[0]!.id)).toEqual(before);

    await useSeriesDrop.getState().confirm();
    expect(useSeriesDrop.getState().flow).toBeNull();
    expect(moveThis).not.toHaveBeenCalled();
    const after = startsOf(visits[0]!.id);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[4]).toBe(before[4]);
    expect([after[2], after[3], after[5]]).toEqual([before[2]! + DAY_MS, before[3]! + DAY_MS, before[5]! + DAY_MS]);
    const offer = useUndo.getState().offer!;
    expect(offer.message).toMatch(/^Moved 3 visits of Bob Baker's series: the first to /);
    expect(offer.together).toHaveLength(3);

    await useUndo.getState().undo();
    expect(startsOf(visits[0]!.id)).toEqual(before);
  });
});
