import { describe, expect } from 'vitest';
import { book, checkIn, complete, seat, waitingRoom } from '@main/core/booking';
import type { AppointmentsChangedEvent } from '@main/core/events';
import { hubQuery } from '../../helpers/hub-query';
import { localInstant, NOW } from '../../helpers/clinic-fixture';
import { hubTest } from '../../helpers/hub-test';
import { drain } from '../../helpers/sync-desk';

/**
 * The waiting room across desks: a patient checked in at desk A appears in
 * desk B's waiting room once B has pulled from a real PostgreSQL hub (with
 * the push event that makes B's screen read it again), and B seating them
 * reaches A the same way.
 */
describe('waiting room through the clinic hub', () => {
  // Each desk's engine starts when the test has made its change.
  hubTest.override('deskOptions', { start: false });

  hubTest('shows a check-in from desk A in desk B’s waiting room after sync, and B’s Seated on A', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const location = { locationId: f.main.id };
    const visit = book(a.ctx, {
      patientId: f.patients.bob,
      providerId: f.providers.jones.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: localInstant('2025-03-03', '09:00'),
    });
    expect(NOW).toBeLessThan(visit.startAt);
    const arrived = checkIn(a.ctx, { id: visit.id });
    expect(arrived.arrivedAt).not.toBeNull();
    a.engine.start();
    await drain(a);
    const [onHub] = await hubQuery<{ status: string; arrived: string }>(
      hub.superUrl,
      `SELECT status, snapshot->>'arrivedAt' AS arrived FROM frontdesk.hub_appointments WHERE id = $1`,
      [visit.id],
    );
    expect(onHub).toEqual({ status: 'checked_in', arrived: String(arrived.arrivedAt) });

    expect(waitingRoom(b.db, b.ctx.clock.now(), location).waiting).toEqual([]);
    const pushed: AppointmentsChangedEvent[] = [];
    const off = b.ctx.events.on('appointments/changed', (e) => pushed.push(e));
    try {
      b.engine.start();
      await b.engine.cycle(5_000);
    } finally {
      off();
    }
    // The pull tells B's screens to read again, and the waiting room then has the patient.
    expect(pushed.some((e) => e.appointmentIds.includes(visit.id) && e.locationIds.includes(f.main.id))).toBe(true);
    const onB = waitingRoom(b.db, b.ctx.clock.now(), location);
    expect(onB.waiting).toMatchObject([
      { appointmentId: visit.id, patientId: f.patients.bob, providerNames: ['Dr. Jones'], arrivedAt: arrived.arrivedAt, seatedAt: null },
    ]);

    const seated = seat(b.ctx, { id: visit.id, expectedVersion: onB.waiting[0]!.version });
    await drain(b);
    await a.engine.cycle(5_000);
    const onA = waitingRoom(a.db, a.ctx.clock.now(), location);
    expect(onA).toMatchObject({ waiting: [], seated: [{ appointmentId: visit.id, seatedAt: seated.seatedAt, arrivedAt: arrived.arrivedAt }] });

    complete(a.ctx, { id: visit.id });
    await drain(a);
    await b.engine.cycle(5_000);
    expect(waitingRoom(b.db, b.ctx.clock.now(), location)).toMatchObject({ waiting: [], seated: [], doneToday: 1 });
    const ops = await hubQuery<{ operation: string }>(hub.superUrl, `SELECT operation FROM frontdesk.hub_changes WHERE entity_id = $1 ORDER BY seq`, [visit.id]);
    expect(ops.map((o) => o.operation)).toEqual(['appointment.book', 'appointment.check_in', 'appointment.seat', 'appointment.complete']);
  });
});
