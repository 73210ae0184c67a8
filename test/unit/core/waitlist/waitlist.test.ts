import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, markNoShow, reschedule } from '@main/core/booking';
import { createBlockout, removeBlockout } from '@main/core/clinic';
import {
  bookFromWaitlist,
  closeWaitlistEntry,
  createWaitlistEntry,
  listWaitlist,
  matchOpening,
  reopenAfterRefusal,
  updateWaitlistEntry,
  waitlistFits,
} from '@main/core/waitlist';
import type { AppointmentsChanged, ClinicChanged } from '@shared/domain/events';
import type { CreateWaitlistEntryInput } from '@shared/schemas/waitlist';
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

const tue = (time: string) => localInstant('2025-03-04', time);
const wish = (over: Partial<CreateWaitlistEntryInput> = {}): CreateWaitlistEntryInput => ({
  patientId: f.patients.bob,
  typeId: f.types.checkup.id,
  ...over,
});
const counts = () => ({ ...rowCounts(t.db), waitlist: t.db.prepare(`SELECT count(*) FROM waitlist_entries`).pluck().get() });

describe('waitlist entries', () => {
  it('are created from today, audited without the note, and queued for the hub', () => {
    const e = createWaitlistEntry(f.ctx, wish({ weekdays: [4, 2], partsOfDay: ['morning'], note: 'Prefers Dr. Smith' }));
    expect(e).toMatchObject({ status: 'open', version: 1, earliestDate: '2025-03-03', latestDate: null, weekdays: [2, 4], partsOfDay: ['morning'] });
    const audit = t.db.prepare(`SELECT action, details FROM audit_log WHERE entity_id = ?`).get(e.id) as { action: string; details: string };
    expect(audit.action).toBe('waitlist_entry.create');
    expect(audit.details).not.toContain('Prefers');
    const out = t.db.prepare(`SELECT operation, payload FROM outbox WHERE entity_id = ?`).get(e.id) as { operation: string; payload: string };
    expect(out.operation).toBe('waitlist_entry.create');
    expect(JSON.parse(out.payload)).toMatchObject({ id: e.id, patientId: f.patients.bob, weekdays: [2, 4] });
  });

  it('refuse bad input at the field and change nothing', () => {
    const before = counts();
    const bad: Array<[Partial<CreateWaitlistEntryInput>, string]> = [
      [{ note: 'call\u0007me' }, 'note'],
      [{ earliestDate: '2025-02-30' }, 'earliestDate'],
      [{ earliestDate: '2025-04-10', latestDate: '2025-04-01' }, 'latestDate'],
      [{ latestDate: '2025-03-01' }, 'latestDate'],
      [{ weekdays: [8] }, 'weekdays.0'],
      [{ weekdays: [1, 1] }, 'weekdays'],
      [{ providerIds: [f.providers.jones.id], typeId: f.types.surgery.id }, 'providerIds.0'],
    ];
    for (const [over, path] of bad) {
      const e = expectAppError(() => createWaitlistEntry(f.ctx, wish(over)), 'VALIDATION');
      expect((e.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(path);
    }
    expectAppError(() => createWaitlistEntry(f.ctx, wish({ patientId: 'nobody' })), 'NOT_FOUND');
    expect(counts()).toEqual(before);
  });

  it('are updated and closed with version checks; a closed entry cannot change', () => {
    const e = createWaitlistEntry(f.ctx, wish());
    const u = updateWaitlistEntry(f.ctx, { id: e.id, typeId: f.types.cleaning.id, expectedVersion: 1 });
    expect(u).toMatchObject({ typeId: f.types.cleaning.id, version: 2 });
    expectAppError(() => updateWaitlistEntry(f.ctx, { id: e.id, typeId: f.types.checkup.id, expectedVersion: 1 }), 'CONFLICT');
    const c = closeWaitlistEntry(f.ctx, { id: e.id, reason: 'Booked by phone elsewhere' });
    expect(c).toMatchObject({ status: 'closed', closedReason: 'Booked by phone elsewhere', version: 3 });
    expectAppError(() => closeWaitlistEntry(f.ctx, { id: e.id, reason: 'again' }), 'CONFLICT');
  });
});

describe('time that opens', () => {
  it('a cancellation, a move, a no-show and a removed blockout each give back their time', () => {
    const seen: Array<AppointmentsChanged | ClinicChanged> = [];
    const offs = [f.ctx.events.on('appointments/changed', (e) => seen.push(e)), f.ctx.events.on('clinic/changed', (e) => seen.push(e))];
    try {
      const a = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('10:00') });
      cancel(f.ctx, { id: a.id, reason: 'ill' });
      const b = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('11:00') });
      reschedule(f.ctx, { id: b.id, startAt: tue('14:00') });
      const c = book(f.ctx, { patientId: f.patients.cyd, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-03', '09:00') });
      f.ctx.clock.set(localInstant('2025-03-03', '09:20'));
      markNoShow(f.ctx, { id: c.id });
      const blk = createBlockout(f.ctx, { providerId: f.providers.jones.id, roomId: null, startAt: tue('15:00'), endAt: tue('16:00'), reason: 'Lunch talk' });
      removeBlockout(f.ctx, { id: blk.id });
    } finally {
      offs.forEach((off) => off());
    }
    const released = seen.flatMap((e) => e.released ?? []);
    expect(released).toEqual([
      { providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('10:00'), endAt: tue('10:30') },
      { providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('11:00'), endAt: tue('11:30') },
      { providerId: f.providers.jones.id, locationId: f.main.id, startAt: localInstant('2025-03-03', '09:00'), endAt: localInstant('2025-03-03', '09:30') },
      { providerId: f.providers.jones.id, locationId: null, startAt: tue('15:00'), endAt: tue('16:00') },
    ]);
  });

  it('finds the entries whose wishes fit, oldest first, each at a time the guard accepts', () => {
    const opening = { providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('10:00'), endAt: tue('10:30') };
    // Smith is busy right after the opened half hour.
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('10:30') });
    const first = createWaitlistEntry(f.ctx, wish({ patientId: f.patients.bob }));
    f.ctx.clock.advance(1000);
    const second = createWaitlistEntry(f.ctx, wish({ patientId: f.patients.cyd, providerIds: [f.providers.smith.id], weekdays: [2], partsOfDay: ['morning'] }));
    // Each of these misses one wish.
    createWaitlistEntry(f.ctx, wish({ providerIds: [f.providers.jones.id] }));
    createWaitlistEntry(f.ctx, wish({ weekdays: [3] }));
    createWaitlistEntry(f.ctx, wish({ partsOfDay: ['afternoon'] }));
    createWaitlistEntry(f.ctx, wish({ earliestDate: '2025-03-05' }));
    createWaitlistEntry(f.ctx, wish({ latestDate: '2025-03-03' }));
    createWaitlistEntry(f.ctx, wish({ locationId: f.uptown.id }));
    createWaitlistEntry(f.ctx, wish({ typeId: f.types.surgery.id })); // 60 minutes do not fit in 30
    const closed = createWaitlistEntry(f.ctx, wish());
    closeWaitlistEntry(f.ctx, { id: closed.id, reason: 'not needed' });

    const fits = waitlistFits(f.ctx, opening);
    expect(fits.map((x) => x.entry.id)).toEqual([first.id, second.id]);
    expect(fits[0]).toMatchObject({ entry: { patientName: 'Bob Baker' }, slot: { start: tue('10:00'), providerIds: [f.providers.smith.id] } });
    const audit = t.db.prepare(`SELECT details FROM audit_log WHERE action = 'waitlist.fits'`).pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ rows: 2 });
    // The same opening without a location (a blockout): wherever Smith works that day.
    expect(matchOpening(t.db, f.ctx.clock, { ...opening, locationId: null }).map((x) => x.row.id)).toEqual([first.id, second.id]);
  });

  it('books an entry through the guard and closes it in the same transaction', () => {
    const e = createWaitlistEntry(f.ctx, wish({ note: 'Any morning' }));
    const { appointment, entry } = bookFromWaitlist(f.ctx, { id: e.id, providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('10:00') });
    expect(appointment).toMatchObject({ patientId: f.patients.bob, typeId: f.types.checkup.id, startAt: tue('10:00'), note: 'Any morning' });
    expect(entry).toMatchObject({ status: 'booked', appointmentId: appointment.id, version: 2 });
    expect(t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ?`).pluck().get(appointment.id)).toBe(2);
    expectAppError(() => bookFromWaitlist(f.ctx, { id: e.id, providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('11:00') }), 'CONFLICT');
    // The hub refused that visit and the desk removed it: the patient waits again.
    reopenAfterRefusal(f.ctx, e.id, appointment.id);
    expect(listWaitlist(f.ctx, {}).map((r) => [r.id, r.status])).toEqual([[e.id, 'open']]);
  });

  it('a taken time refuses the booking and leaves the entry open, nothing written', () => {
    const e = createWaitlistEntry(f.ctx, wish());
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('10:00') });
    const before = counts();
    expectAppError(() => bookFromWaitlist(f.ctx, { id: e.id, providerId: f.providers.smith.id, locationId: f.main.id, startAt: tue('10:00') }), 'SLOT_TAKEN');
    expect(counts()).toEqual(before);
    expect(listWaitlist(f.ctx, {})[0]).toMatchObject({ id: e.id, status: 'open', version: 1 });
  });
});

describe('the Waitlist view', () => {
  it('shows each open entry with the earliest time that meets its wishes among its providers', () => {
    // Smith is booked all Tuesday morning; Jones is free.
    for (const time of ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']) {
      book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue(time) });
    }
    const any = createWaitlistEntry(f.ctx, wish({ weekdays: [2], partsOfDay: ['morning'] }));
    const smithOnly = createWaitlistEntry(f.ctx, wish({ patientId: f.patients.cyd, providerIds: [f.providers.smith.id], weekdays: [2], partsOfDay: ['morning'] }));
    const never = createWaitlistEntry(f.ctx, wish({ weekdays: [7] }));
    const rows = listWaitlist(f.ctx, {});
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(any.id)!.earliest).toMatchObject({ start: tue('09:00'), providerIds: [f.providers.jones.id] });
    // Smith's next free Tuesday morning is a week later.
    expect(byId.get(smithOnly.id)!.earliest).toMatchObject({ start: localInstant('2025-03-11', '09:00'), providerIds: [f.providers.smith.id] });
    expect(byId.get(never.id)!.earliest).toBeNull();
    expect(byId.get(any.id)).toMatchObject({ patientName: 'Bob Baker', phone: '555-0102' });
  });
});
