import pg from 'pg';
import { describe, expect } from 'vitest';
import { cancel } from '@main/core/booking';
import { createBlockout, removeBlockout, updateBlockout } from '@main/core/clinic';
import { createEventBus, type PushEvent } from '@main/app/event-bus';
import { watchWaitlistOpenings } from '@main/app/waitlist-openings';
import { createLogger } from '@main/platform/logger';
import { bookSeries, cancelSeries, checkSeries, moveSeries, seriesOfAppointment, undoSeriesChange } from '@main/core/series';
import { bookFromWaitlist, createWaitlistEntry, listWaitlist, matchOpening } from '@main/core/waitlist';
import { localInstant } from '../../helpers/clinic-fixture';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import { drain, type Desk } from '../../helpers/sync-desk';

/**
 * Waitlist entries and recurring series between two desks through a real
 * PostgreSQL hub, each desk under its own enrolled role: an entry added at
 * one desk is on the other's list, booked there, and the booking closes it
 * on both; a series booked at one desk arrives whole (visits and links). The
 * hub's change rules refuse a malformed entry.
 */

/** Cycles until the desk has pulled what the other sent (the log it reads is the hub's). */
async function pulled(d: Desk, done: () => boolean): Promise<void> {
  const until = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > until) throw new Error('the change did not arrive');
    await d.engine.cycle(2_000);
  }
}

const thu = (time: string) => localInstant('2025-03-06', time);

describe('waitlist and series through the hub', () => {
  hubTest('an entry added at desk A is booked at desk B; both desks see it booked; an opening at B counts A’s entries', async ({ hub, deskA: a, deskB: b, clinic: f }) => {
    const entry = createWaitlistEntry(a.ctx, { patientId: f.patients.bob, typeId: f.types.checkup.id, providerIds: [f.providers.smith.id], note: 'Mornings best' });
    const other = createWaitlistEntry(a.ctx, { patientId: f.patients.cyd, typeId: f.types.checkup.id });
    await drain(a);
    await pulled(b, () => listWaitlist(b.ctx, {}).length === 2);
    expect(listWaitlist(b.ctx, {}).find((r) => r.id === entry.id)).toMatchObject({ note: 'Mornings best', providerIds: [f.providers.smith.id], version: 1 });

    // A visit cancelled at desk B gives back its time; both entries fit it.
    const busy = bookFromWaitlist(b.ctx, { id: other.id, providerId: f.providers.smith.id, locationId: f.main.id, startAt: thu('10:00') });
    const heard: number[] = [];
    const off = b.ctx.events.on('appointments/changed', (e) => heard.push(...(e.released ?? []).map((r) => r.startAt)));
    cancel(b.ctx, { id: busy.appointment.id, reason: 'Cannot come' });
    off();
    expect(heard).toEqual([thu('10:00')]);
    // The cancellation reaches the hub before the booking into its time (as an online desk's would).
    await drain(b);
    expect(matchOpening(b.db, b.ctx.clock, { providerId: f.providers.smith.id, locationId: f.main.id, startAt: thu('10:00'), endAt: thu('10:30') }).map((x) => x.row.id)).toEqual([entry.id]);

    const { appointment } = bookFromWaitlist(b.ctx, { id: entry.id, providerId: f.providers.smith.id, locationId: f.main.id, startAt: thu('10:00'), expectedVersion: 1 });
    await drain(b);
    await pulled(a, () => listWaitlist(a.ctx, { status: 'booked' }).some((r) => r.id === entry.id));
    expect(listWaitlist(a.ctx, { status: 'booked' }).find((r) => r.id === entry.id)).toMatchObject({ appointmentId: appointment.id, version: 2 });
    expect(a.db.prepare(`SELECT status FROM appointments WHERE id = ?`).pluck().get(appointment.id)).toBe('booked');
    const [hubEntry] = await hubQuery<{ snapshot: { status: string } }>(hub.superUrl, `SELECT snapshot FROM frontdesk.hub_entities WHERE entity_type = 'waitlist_entry' AND entity_id = $1`, [entry.id]);
    expect(hubEntry!.snapshot.status).toBe('booked');
  });

  hubTest('a blockout removed or shortened at desk A offers its time to the waitlist on desk B, as a removal at B would', async ({ deskA: a, deskB: b, clinic: f }) => {
    const smith = f.providers.smith.id;
    // Desk B's waitlist notices, wired as the app wires them (core events in, push events out).
    const heard: PushEvent[] = [];
    const pushed = createEventBus();
    pushed.subscribe((e) => heard.push(e));
    const stop = watchWaitlistOpenings({ core: () => b.ctx, coreEvents: b.ctx.events, events: pushed, logger: createLogger({ write: () => undefined }) });
    const openings = () => heard.flatMap((e) => (e.name === 'waitlist/opening' ? [e.payload] : []));
    try {
      const lunch = createBlockout(a.ctx, { providerId: smith, startAt: thu('11:00'), endAt: thu('12:00'), reason: 'Lunch' });
      const meeting = createBlockout(a.ctx, { providerId: smith, startAt: thu('14:00'), endAt: thu('15:00'), reason: 'Meeting' });
      const entry = createWaitlistEntry(a.ctx, { patientId: f.patients.bob, typeId: f.types.checkup.id, providerIds: [smith] });
      await drain(a);
      await pulled(b, () => listWaitlist(b.ctx, {}).some((r) => r.id === entry.id) && b.db.prepare(`SELECT count(*) FROM blockouts`).pluck().get() === 2);
      // Blockouts arriving take time away: nothing to announce.
      expect(openings()).toEqual([]);

      removeBlockout(a.ctx, { id: lunch.id });
      await drain(a);
      await pulled(b, () => openings().length === 1);
      expect(openings()[0]).toMatchObject({ providerId: smith, locationId: null, startAt: thu('11:00'), endAt: thu('12:00'), count: 1, firstStart: thu('11:00'), firstLocationId: f.main.id });

      // Shortened at A: the time it gave back is offered on B too; lengthened gives nothing back.
      updateBlockout(a.ctx, { id: meeting.id, endAt: thu('16:00') });
      await drain(a);
      await pulled(b, () => b.db.prepare(`SELECT end_at FROM blockouts WHERE id = ?`).pluck().get(meeting.id) === thu('16:00'));
      expect(openings()).toHaveLength(1);
      updateBlockout(a.ctx, { id: meeting.id, startAt: thu('15:00') });
      await drain(a);
      await pulled(b, () => openings().length === 2);
      expect(openings()[1]).toMatchObject({ providerId: smith, startAt: thu('14:00'), endAt: thu('16:00'), count: 1, firstStart: thu('14:00') });

      // The same notice a removal at desk B itself raises.
      const local = createBlockout(b.ctx, { providerId: smith, startAt: thu('09:00'), endAt: thu('10:00'), reason: 'Errand' });
      removeBlockout(b.ctx, { id: local.id });
      const { firstStart: _s, startAt: _a, endAt: _e, ...fromHere } = openings()[2]!;
      const { firstStart: _s2, startAt: _a2, endAt: _e2, ...fromA } = openings()[0]!;
      expect(fromHere).toEqual(fromA);
    } finally {
      stop();
    }
  });

  hubTest('a series booked at desk A arrives at desk B with every visit and its links', async ({ deskA: a, deskB: b, clinic: f }) => {
    const request = {
      patientId: f.patients.ann,
      providerId: f.providers.jones.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: thu('15:00'),
      rule: { frequency: 'weekly' as const, interval: 1 },
      end: { kind: 'count' as const, count: 4 },
    };
    const check = checkSeries(a.ctx, request);
    const series = bookSeries(a.ctx, { ...request, occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
    await drain(a);
    expect(a.db.prepare(`SELECT count(*) FROM outbox WHERE state <> 'delivered'`).pluck().get()).toBe(0);
    const last = series.occurrences[3]!.appointmentId;
    await pulled(b, () => seriesOfAppointment(b.db, { appointmentId: last }) !== null);
    expect(seriesOfAppointment(b.db, { appointmentId: last })).toMatchObject({
      id: series.id,
      frequency: 'weekly',
      occurrences: series.occurrences.map((o) => ({ occurrence: o.occurrence, appointmentId: o.appointmentId, startAt: o.startAt })),
    });
    // Each visit has its own reminders on the other desk too.
    expect(b.db.prepare(`SELECT count(DISTINCT appointment_id) FROM reminders WHERE appointment_id IN (SELECT appointment_id FROM series_occurrences)`).pluck().get()).toBe(4);
  });

  hubTest('this and the following moved, undone and cancelled at desk A reach desk B, each visit through the hub', async ({ deskA: a, deskB: b, clinic: f }) => {
    const request = {
      patientId: f.patients.ann,
      providerId: f.providers.jones.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: thu('15:00'),
      rule: { frequency: 'weekly' as const, interval: 1 },
      end: { kind: 'count' as const, count: 4 },
    };
    const check = checkSeries(a.ctx, request);
    const series = bookSeries(a.ctx, { ...request, occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
    const ids = series.occurrences.map((o) => o.appointmentId);
    const atB = () => seriesOfAppointment(b.db, { appointmentId: ids[0]! })?.occurrences.map((o) => [o.startAt, o.status]) ?? [];
    const atA = () => seriesOfAppointment(a.db, { appointmentId: ids[0]! })!.occurrences.map((o) => [o.startAt, o.status]);
    await drain(a);
    await pulled(b, () => atB().length === 4);

    // Visits 2–4 a day later (Friday 15:00).
    const moved = moveSeries(a.ctx, { appointmentId: ids[1]!, scope: 'following', startAt: localInstant('2025-03-14', '15:00') });
    expect(moved).toHaveLength(3);
    await drain(a);
    await pulled(b, () => JSON.stringify(atB()) === JSON.stringify(atA()));

    // Undone together: all three back on Thursday at both desks.
    undoSeriesChange(a.ctx, { changes: moved.map((x) => ({ appointmentId: x.id, expectedVersion: x.version })) });
    expect(atA().map(([t]) => t)).toEqual(series.occurrences.map((o) => o.startAt));
    await drain(a);
    await pulled(b, () => JSON.stringify(atB()) === JSON.stringify(atA()));

    // Visits 3 and 4 cancelled.
    cancelSeries(a.ctx, { appointmentId: ids[2]!, scope: 'following', reason: 'Moving away' });
    await drain(a);
    await pulled(b, () => atB().filter(([, st]) => st === 'cancelled').length === 2);
    expect(atB().map(([, st]) => st)).toEqual(['booked', 'booked', 'cancelled', 'cancelled']);
    expect(a.db.prepare(`SELECT count(*) FROM outbox WHERE state <> 'delivered'`).pluck().get()).toBe(0);
  });

  hubTest('the hub refuses a malformed waitlist entry or series at the field', async ({ hub, clinic: f }) => {
    const url = await hub.enroll('forger');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const base = {
        id: '0196f000-0000-7000-8000-000000000001',
        patientId: f.patients.bob,
        typeId: f.types.checkup.id,
        providerIds: [],
        locationId: null,
        weekdays: [2],
        partsOfDay: ['morning'],
        earliestDate: '2025-03-03',
        latestDate: null,
        note: '',
        status: 'open',
        appointmentId: null,
        closedReason: null,
        version: 1,
        createdAt: 1,
        updatedAt: 1,
      };
      const push = async (payload: Record<string, unknown>, entityType = 'waitlist_entry', operation = 'waitlist_entry.create') => {
        const key = crypto.randomUUID();
        const { rows } = await client.query<{ r: Array<{ outcome: string; reason?: string; field?: string }> }>('SELECT frontdesk_api.push($1::jsonb) AS r', [
          JSON.stringify([{ key, entityType, entityId: payload.id, operation, payload }]),
        ]);
        return rows[0]!.r[0]!;
      };
      expect(await push({ ...base, weekdays: [9] })).toMatchObject({ outcome: 'refused', field: 'weekdays' });
      expect(await push({ ...base, partsOfDay: ['night'] })).toMatchObject({ outcome: 'refused', field: 'partsOfDay' });
      expect(await push({ ...base, earliestDate: '2025-03-10', latestDate: '2025-03-01' })).toMatchObject({ outcome: 'refused', field: 'latestDate' });
      expect(await push({ ...base, patientId: 'no-such-patient' })).toMatchObject({ outcome: 'refused', reason: 'unknown_reference', field: 'patientId' });
      expect(await push({ ...base, note: 'x'.repeat(501) })).toMatchObject({ outcome: 'refused', reason: 'too_large', field: 'note' });
      const series = {
        id: '0196f000-0000-7000-8000-000000000002',
        patientId: f.patients.bob,
        providerId: f.providers.smith.id,
        locationId: f.main.id,
        typeId: f.types.checkup.id,
        frequency: 'weekly',
        interval: 1,
        monthlyBy: null,
        count: 2,
        untilDate: null,
        firstStartAt: 1,
        version: 1,
        createdAt: 1,
        updatedAt: 1,
        links: [{ appointmentId: 'x y', occurrence: 1 }],
      };
      expect(await push(series, 'appointment_series', 'appointment_series.create')).toMatchObject({ outcome: 'refused', field: 'links' });
      expect(await push({ ...series, links: [], untilDate: '2025-05-01' }, 'appointment_series', 'appointment_series.create')).toMatchObject({ outcome: 'refused', field: 'count' });
      expect(await push(base)).toMatchObject({ outcome: 'applied' });
    } finally {
      await client.end();
    }
  });
});
