import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { book, reschedule } from '@main/core/booking';
import { inWriteTransaction } from '@main/core/db/transaction';
import { testProviderCalendar } from '@main/app/provider-calendars';
import { listProviderCalendars } from '@main/sync/adapters/caldav/status';
import { writeConnection } from '@main/sync/adapters/caldav/store';
import { expectAppErrorAsync } from '../../helpers/expect-error';
import { localInstant } from '../../helpers/clinic-fixture';
import { startRadicale, type TestRadicale } from '../../helpers/radicale';
import { calendarDesk, type CalendarDesk } from './calendar-desk';

/**
 * The calendar server goes away and comes back; the password is wrong.
 * Visits wait (nothing is lost, nothing is sent twice into a calendar), the
 * status says what is wrong in plain words, and the password never reaches
 * the log.
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

// Generous: a loaded machine can take seconds to restart Radicale and deliver; the wait ends as soon as the condition holds.
const until = (what: () => boolean | Promise<boolean>): Promise<unknown> => vi.waitUntil(what, { timeout: 30_000, interval: 20 });

describe('calendar server faults', () => {
  it('keeps visits queued while the server is down and delivers them all when it is back', async () => {
    desk = await calendarDesk(radicale);
    const { fx, engine } = desk;
    const { ctx } = fx;
    const smith = fx.providers.smith.id;
    engine.start();
    await engine.cycle(5_000); // first pull: the calendar answers
    await radicale.stop();
    const visits = ['09:00', '09:30', '10:00', '10:30'].map((t, i) =>
      book(ctx, {
        patientId: [fx.patients.ann, fx.patients.bob, fx.patients.cyd, fx.patients.ann][i]!,
        providerId: smith,
        locationId: fx.main.id,
        typeId: fx.types.checkup.id,
        startAt: localInstant('2025-03-04', t),
      }),
    );
    reschedule(ctx, { id: visits[0]!.id, startAt: localInstant('2025-03-04', '11:00'), expectedVersion: visits[0]!.version });
    await engine.cycle(5_000);
    await engine.cycle(5_000);
    const down = listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!;
    expect(down.pendingPushes).toBe(4);
    expect(down.problem).toMatch(/cannot be reached/);
    expect(down.problemSince).toBe(ctx.clock.now());

    await radicale.start();
    // The calendar's backoff (capped at 300 ms here) ends and the loop delivers everything.
    await until(async () => (await radicale.listEvents(desk!.smithUrl, 'alice')).size === 4);
    await until(() => listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!.pendingPushes === 0);
    const events = [...(await radicale.listEvents(desk.smithUrl, 'alice')).values()];
    expect(events.filter((e) => e.includes('DTSTART:20250304T160000Z'))).toHaveLength(1); // the moved visit, at 11:00
    expect(events.some((e) => e.includes('DTSTART:20250304T140000Z'))).toBe(false); // …and not at 09:00 any more
    const up = listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!;
    expect(up.problem).toBeNull();
    expect(up.lastPushAt).toBe(ctx.clock.now());
  });

  it('shows a refused password in plain words, keeps the visits, and sends them once the password is right', async () => {
    desk = await calendarDesk(radicale);
    const { fx, engine } = desk;
    const { ctx } = fx;
    const smith = fx.providers.smith.id;
    inWriteTransaction(ctx.db, () =>
      writeConnection(ctx.db, smith, { url: desk!.smithUrl, username: 'alice', password: 'not-her-password' }, ctx.clock.now()),
    );
    engine.start();
    book(ctx, { patientId: fx.patients.ann, providerId: smith, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-05', '09:00') });
    await engine.cycle(5_000);
    const refused = listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!;
    expect(refused.problem).toMatch(/refused the user name or password/);
    expect(refused.pendingPushes).toBe(1);
    expect(JSON.stringify(listProviderCalendars(ctx.db, ctx.clock.now()))).not.toContain('not-her-password');
    expect(desk.logLines.join('\n')).not.toContain('not-her-password');

    // "Test connection" says the same, with a typed error, and saves nothing.
    await expectAppErrorAsync(
      testProviderCalendar(ctx.db, { providerId: smith, url: desk.smithUrl, username: 'alice', password: 'still-wrong' }),
      'CALENDAR_REFUSED',
      /user name or password/,
    );
    await expectAppErrorAsync(
      testProviderCalendar(ctx.db, { providerId: smith, url: `http://127.0.0.1:${radicale.port}/alice/no-such-calendar/`, username: 'alice', password: radicale.users.alice! }),
      'VALIDATION',
      /not a calendar/,
    );
    await expectAppErrorAsync(
      testProviderCalendar(ctx.db, { providerId: smith, url: `http://127.0.0.1:${radicale.port}/alice/`, username: 'alice', password: radicale.users.alice! }),
      'VALIDATION',
      /not a calendar/,
    );
    await expectAppErrorAsync(
      testProviderCalendar(ctx.db, { providerId: smith, url: 'http://127.0.0.1:9/cal/', username: 'alice', password: 'x' }),
      'CALENDAR_UNREACHABLE',
      /cannot be reached/,
    );
    await expect(testProviderCalendar(ctx.db, { providerId: smith, url: desk.smithUrl, username: 'alice', password: radicale.users.alice! })).resolves.toEqual({ ok: true });

    inWriteTransaction(ctx.db, () => writeConnection(ctx.db, smith, { url: desk!.smithUrl, username: 'alice', password: radicale.users.alice! }, ctx.clock.now()));
    await engine.restart();
    await until(async () => (await radicale.listEvents(desk!.smithUrl, 'alice')).size === 1);
    await until(() => listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!.problem === null);
  });

  it('never sends the stored password to another server or user, nor over plain http off this computer', async () => {
    desk = await calendarDesk(radicale);
    const { ctx } = desk.fx;
    const smith = desk.fx.providers.smith.id;
    // A listener that records whether anything was sent to it at all.
    let contacted = false;
    const elsewhere = createServer((socket: Socket) => {
      contacted = true;
      socket.destroy();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const port = (elsewhere.address() as { port: number }).port;
    try {
      await expectAppErrorAsync(
        testProviderCalendar(ctx.db, { providerId: smith, url: `http://127.0.0.1:${port}/alice/clinic/`, username: 'alice', password: null }),
        'VALIDATION',
        /Enter the password again/,
      );
      await expectAppErrorAsync(
        testProviderCalendar(ctx.db, { providerId: smith, url: desk.smithUrl, username: 'mallory', password: null }),
        'VALIDATION',
        /Enter the password again/,
      );
      expect(contacted).toBe(false);
    } finally {
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
    await expectAppErrorAsync(
      testProviderCalendar(ctx.db, { providerId: smith, url: 'http://calendar.example.com/dr-smith/', username: 'alice', password: 'x' }),
      'VALIDATION',
      /starts with https:\/\//,
    );
    // The same server and user keep using the stored password.
    await expect(testProviderCalendar(ctx.db, { providerId: smith, url: desk.smithUrl, username: 'alice', password: null })).resolves.toEqual({ ok: true });
  });

  it('stops within a moment even while a calendar server hangs mid-request, and the visit stays queued', async () => {
    // A server that accepts connections and never answers.
    const sockets: Socket[] = [];
    const hung = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const port = (hung.address() as { port: number }).port;
    try {
      desk = await calendarDesk(radicale);
      const { fx, engine } = desk;
      const { ctx } = fx;
      const smith = fx.providers.smith.id;
      inWriteTransaction(ctx.db, () => writeConnection(ctx.db, smith, { url: `http://127.0.0.1:${port}/cal/`, username: 'alice', password: 'x' }, ctx.clock.now()));
      book(ctx, { patientId: fx.patients.ann, providerId: smith, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-05', '10:00') });
      engine.start();
      await until(() => sockets.length > 0); // a request is on the wire
      const t0 = performance.now();
      await engine.stop();
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(ctx.db.prepare(`SELECT COUNT(*) FROM calendar_push_queue`).pluck().get()).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => hung.close(r));
    }
  });

  it('retries a visit whose object the server refuses, then leaves it for the desk to see, without holding up the others', async () => {
    desk = await calendarDesk(radicale);
    const { fx, engine } = desk;
    const { ctx } = fx;
    const smith = fx.providers.smith.id;
    const a = book(ctx, { patientId: fx.patients.ann, providerId: smith, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-05', '09:00') });
    // The provider imported a schedule export into this calendar: an object elsewhere already has the visit's UID.
    await radicale.putEvent(
      desk.smithUrl,
      'alice',
      'imported.ics',
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:${a.id}@frontdesk\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250305T140000Z\r\nDTEND:20250305T143000Z\r\nSUMMARY:Appointment\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
    );
    const b = book(ctx, { patientId: fx.patients.bob, providerId: smith, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-05', '10:00') });
    engine.start();
    await until(() => listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!.refusedPushes === 1);
    const status = listProviderCalendars(ctx.db, ctx.clock.now()).find((c) => c.providerId === smith)!;
    expect(status.problem).toMatch(/One visit was not accepted by the calendar server/);
    expect(status.pendingPushes).toBe(0);
    const hrefs = [...(await radicale.listEvents(desk.smithUrl, 'alice')).keys()];
    expect(hrefs.some((h) => h.includes(b.id))).toBe(true);
  });
});
