import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { book, cancel, markNoShow, reschedule } from '@main/core/booking';
import { bookingReference } from '@main/core/exports/rows';
import { inWriteTransaction } from '@main/core/db/transaction';
import { eventFileName } from '@main/sync/adapters/caldav/event-text';
import { queueCounts, recordDelivery, desiredFor } from '@main/sync/adapters/caldav/store';
import { putEvent } from '@main/sync/adapters/caldav/client';
import { visitEventIcs } from '@main/sync/adapters/caldav/event-text';
import { localInstant } from '../../helpers/clinic-fixture';
import { applyRemoteAppointment } from '@main/sync/apply-remote';
import { newId } from '@main/core/ids';
import type { AppointmentId } from '@shared/domain/ids';
import { startRadicale, type TestRadicale } from '../../helpers/radicale';
import { calendarDesk, type CalendarDesk } from './calendar-desk';

/**
 * Frontdesk → the provider's own calendar, against a real Radicale: every
 * visit appears as a neutral event, follows reschedules (also to another
 * provider's calendar), leaves on cancel and no-show; a repeated delivery is
 * harmless.
 */
let radicale: TestRadicale;
let desk: CalendarDesk | null = null;

beforeAll(async () => {
  radicale = await startRadicale();
});
afterAll(async () => {
  await radicale?.dispose();
});
afterEach(async () => {
  await desk?.close();
  desk = null;
});

const eventsOf = async (url: string, user: string) => [...(await radicale.listEvents(url, user)).entries()];

describe('pushing visits to providers’ calendars', () => {
  it('books, moves, moves to another provider and cancels: the calendars follow, with neutral text only', async () => {
    desk = await calendarDesk(radicale, { jones: true });
    const { fx, engine } = desk;
    const { ctx } = fx;
    engine.start();
    const a = book(ctx, {
      patientId: fx.patients.ann,
      providerId: fx.providers.smith.id,
      locationId: fx.main.id,
      typeId: fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '10:00'),
      note: 'Knee pain, call 555-0101',
    });
    await engine.cycle(5_000);
    let smith = await eventsOf(desk.smithUrl, 'alice');
    expect(smith).toHaveLength(1);
    const [href, ics] = smith[0]!;
    expect(href).toContain(eventFileName(a.id));
    expect(ics).toContain('SUMMARY:Appointment');
    expect(ics).toContain(`UID:${a.id}@frontdesk`);
    expect(ics).toContain(bookingReference(a.id));
    expect(ics).toContain('DTSTART:20250303T150000Z');
    expect(ics).toContain('DTEND:20250303T153000Z');
    for (const secret of ['Ann', 'Archer', '555-0101', 'Knee', 'Checkup', fx.types.checkup.id, fx.patients.ann]) expect(ics).not.toContain(secret);

    // Moved within the day: the same object, new times.
    const moved = reschedule(ctx, { id: a.id, startAt: localInstant('2025-03-03', '14:00'), expectedVersion: a.version });
    await engine.cycle(5_000);
    smith = await eventsOf(desk.smithUrl, 'alice');
    expect(smith).toHaveLength(1);
    expect(smith[0]![1]).toContain('DTSTART:20250303T190000Z');

    // Moved to Dr. Jones: out of Smith's calendar, into Jones's.
    const toJones = reschedule(ctx, { id: a.id, startAt: localInstant('2025-03-04', '09:00'), providerId: fx.providers.jones.id, expectedVersion: moved.version });
    await engine.cycle(5_000);
    expect(await eventsOf(desk.smithUrl, 'alice')).toHaveLength(0);
    const jones = await eventsOf(desk.jonesUrl!, 'bob');
    expect(jones).toHaveLength(1);
    expect(jones[0]![1]).toContain('DTSTART:20250304T140000Z');

    // Cancelled: gone from every calendar, nothing left to send.
    cancel(ctx, { id: a.id, reason: 'Patient is unwell', expectedVersion: toJones.version });
    await engine.cycle(5_000);
    expect(await eventsOf(desk.jonesUrl!, 'bob')).toHaveLength(0);
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_push_queue`).pluck().get()).toBe(0);
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_events`).pluck().get()).toBe(0);
  });

  it('takes a no-show out of the calendar and leaves visits of providers without a calendar alone', async () => {
    desk = await calendarDesk(radicale);
    const { fx, engine } = desk;
    const { ctx } = fx;
    engine.start();
    const a = book(ctx, {
      patientId: fx.patients.bob,
      providerId: fx.providers.smith.id,
      locationId: fx.main.id,
      typeId: fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '09:00'),
    });
    // Jones has no calendar here: his visit is never queued.
    const j = book(ctx, { patientId: fx.patients.cyd, providerId: fx.providers.jones.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-03', '09:00') });
    await engine.cycle(5_000);
    expect(await eventsOf(desk.smithUrl, 'alice')).toHaveLength(1);
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_events WHERE appointment_id = ?`).pluck().get(j.id)).toBe(0);
    cancel(ctx, { id: j.id, reason: 'Moved away', expectedVersion: j.version });
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_push_queue`).pluck().get()).toBe(0);
    ctx.clock.set(localInstant('2025-03-03', '09:20'));
    markNoShow(ctx, { id: a.id, expectedVersion: a.version });
    await engine.cycle(5_000);
    expect(await eventsOf(desk.smithUrl, 'alice')).toHaveLength(0);
    expect(queueCounts(ctx.db).get(fx.providers.smith.id)).toBeUndefined();
  });

  it('delivers twice harmlessly and never lets a change made during a delivery be marked delivered', async () => {
    desk = await calendarDesk(radicale);
    const { fx } = desk;
    const { ctx } = fx;
    const a = book(ctx, {
      patientId: fx.patients.ann,
      providerId: fx.providers.smith.id,
      locationId: fx.main.id,
      typeId: fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '11:00'),
    });
    const desired = desiredFor(ctx.db, a.id, ctx.clock.now());
    if (desired.kind !== 'event') throw new Error('expected an event');
    const conn = { url: desk.smithUrl, username: 'alice', password: radicale.users.alice! };
    // The same PUT twice (a crash after the first, before the bookkeeping): one object.
    await putEvent(conn, desired.target.url, visitEventIcs(desired.target.visit, ctx.clock.now()));
    await putEvent(conn, desired.target.url, visitEventIcs(desired.target.visit, ctx.clock.now()));
    expect(await eventsOf(desk.smithUrl, 'alice')).toHaveLength(1);

    // The visit moves while that delivery was on the wire: the old delivery is recorded, the queue row stays.
    reschedule(ctx, { id: a.id, startAt: localInstant('2025-03-03', '15:00'), expectedVersion: a.version });
    inWriteTransaction(ctx.db, () => recordDelivery(ctx.db, a.id, desired, null, ctx.clock.now()));
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_push_queue`).pluck().get()).toBe(1);

    desk.engine.start();
    await desk.engine.cycle(5_000);
    const events = await eventsOf(desk.smithUrl, 'alice');
    expect(events).toHaveLength(1);
    expect(events[0]![1]).toContain('DTSTART:20250303T200000Z');
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_push_queue`).pluck().get()).toBe(0);
  });

  it('pushes visits pulled from another desk (whatever its clock said) and removes a deleted visit, also when its rowid is reused', async () => {
    desk = await calendarDesk(radicale);
    const { fx, engine } = desk;
    const { ctx } = fx;
    engine.start();
    const mine = book(ctx, { patientId: fx.patients.ann, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-06', '09:00') });
    await engine.cycle(5_000);
    // Another desk booked this a week ago by its clock; it arrives through the hub now.
    const startAt = localInstant('2025-03-06', '13:00');
    const remote = { ...mine, id: newId<AppointmentId>(), patientId: fx.patients.bob, startAt, endAt: startAt + 30 * 60_000, busyStartAt: startAt, busyEndAt: startAt + 30 * 60_000, version: 1, createdAt: ctx.clock.now() - 7 * 86_400_000, updatedAt: ctx.clock.now() - 7 * 86_400_000, baseVersion: 0 };
    inWriteTransaction(ctx.db, () => applyRemoteAppointment(ctx.db, remote, ctx.clock.now()));
    await engine.cycle(5_000);
    expect(await eventsOf(desk.smithUrl, 'alice')).toHaveLength(2);

    // The hub refused the remote visit's later copy here and it was removed (as conflicts.ts undoes a refused booking):
    // the highest rowid goes, and SQLite gives it to the next visit booked.
    const rowid = ctx.db.prepare(`SELECT rowid FROM appointments WHERE id = ?`).pluck().get(remote.id);
    inWriteTransaction(ctx.db, () => {
      ctx.db.prepare(`DELETE FROM reminders WHERE appointment_id = ?`).run(remote.id);
      ctx.db.prepare(`DELETE FROM appointments WHERE id = ?`).run(remote.id);
    });
    const next = book(ctx, { patientId: fx.patients.cyd, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-07', '09:00') });
    expect(ctx.db.prepare(`SELECT rowid FROM appointments WHERE id = ?`).pluck().get(next.id)).toBe(rowid);
    await engine.cycle(5_000);
    const hrefs = [...(await radicale.listEvents(desk.smithUrl, 'alice')).keys()].sort();
    expect(hrefs).toEqual([eventFileName(mine.id), eventFileName(next.id)].map((f) => new URL(f, desk!.smithUrl).pathname).sort());
  });
});
