import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlockoutSeries, listBlockoutsInRange } from '@main/core/clinic';
import type { ClinicChangedEvent } from '@main/core/events';
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

/** Weekly Tuesday 12:00–13:00 in New York, across the 9 March 2025 DST change. */
const weekly = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const date = DateTime.fromISO('2025-03-04').plus({ weeks: i }).toISODate()!;
    return { startAt: localInstant(date, '12:00'), endAt: localInstant(date, '13:00') };
  });

describe('blockout series (drawn on the grid, repeating weekly)', () => {
  it('writes every occurrence with its audit and outbox rows, keeps the reason private, and tells the grid once', () => {
    const events: ClinicChangedEvent[] = [];
    const off = f.ctx.events.on('clinic/changed', (e) => events.push(e));
    const before = rowCounts(t.db);
    const created = createBlockoutSeries(f.ctx, { providerId: f.providers.smith.id, reason: 'Team meeting', occurrences: weekly(4) });
    off();
    expect(created).toHaveLength(4);
    expect(events).toEqual([{ entity: 'blockout', ids: created.map((b) => b.id) }]);
    const listed = listBlockoutsInRange(t.db, { from: localInstant('2025-03-01', '00:00'), to: localInstant('2025-04-01', '00:00') });
    expect(listed.map((b) => b.reason)).toEqual(['Team meeting', 'Team meeting', 'Team meeting', 'Team meeting']);
    // Wall time kept across DST: one hour each, at noon New York time.
    expect(listed.every((b) => b.endAt - b.startAt === 3_600_000)).toBe(true);
    const after = rowCounts(t.db);
    expect(after.audit - before.audit).toBe(4);
    expect(after.outbox - before.outbox).toBe(4);
    const payloads = t.db.prepare(`SELECT payload FROM outbox WHERE operation = 'blockout.create'`).pluck().all() as string[];
    expect(payloads.some((p) => p.includes('Team meeting'))).toBe(false);
  });

  it('writes none when one occurrence is wrong or the target does not exist', () => {
    const before = rowCounts(t.db);
    const bad = [...weekly(3), { startAt: localInstant('2025-03-25', '13:00'), endAt: localInstant('2025-03-25', '12:00') }];
    const e = expectAppError(() => createBlockoutSeries(f.ctx, { roomId: f.rooms.op1.id, occurrences: bad }), 'VALIDATION');
    expect((e.details?.issues as Array<{ path: string }>)[0]?.path).toBe('occurrences.3.endAt');
    expectAppError(() => createBlockoutSeries(f.ctx, { occurrences: weekly(1) }), 'VALIDATION');
    expectAppError(() => createBlockoutSeries(f.ctx, { providerId: 'ghost', occurrences: weekly(1) }), 'NOT_FOUND');
    expectAppError(() => createBlockoutSeries(f.ctx, { providerId: f.providers.smith.id, occurrences: weekly(105) }), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
  });
});
