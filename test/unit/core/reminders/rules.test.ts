import { describe, expect, it } from 'vitest';
import { chooseChannel, decide, quietHoursEnd, supersededIds, type DueReminder } from '@main/core/reminders/rules';
import type { AppointmentId, ReminderId } from '@shared/domain/ids';
import { localInstant } from '../../../helpers/clinic-fixture';

const Q = { startMin: 21 * 60, endMin: 8 * 60 };
const NY = 'America/New_York';

describe('quiet hours', () => {
  it('wraps past midnight in the location\'s zone', () => {
    expect(quietHoursEnd(localInstant('2025-03-04', '20:59'), NY, Q)).toBeNull();
    expect(quietHoursEnd(localInstant('2025-03-04', '21:00'), NY, Q)).toBe(localInstant('2025-03-05', '08:00'));
    expect(quietHoursEnd(localInstant('2025-03-05', '03:00'), NY, Q)).toBe(localInstant('2025-03-05', '08:00'));
    expect(quietHoursEnd(localInstant('2025-03-05', '08:00'), NY, Q)).toBeNull();
    // The same instant is quiet in Chicago (an hour behind) at 07:30 but not in New York at 08:30.
    const t = localInstant('2025-03-05', '08:30');
    expect(quietHoursEnd(t, 'America/Chicago', Q)).toBe(localInstant('2025-03-05', '08:00', 'America/Chicago'));
    expect(quietHoursEnd(t, NY, Q)).toBeNull();
  });

  it('handles a window inside one day, none at all, and the DST night', () => {
    expect(quietHoursEnd(localInstant('2025-03-05', '13:00'), NY, { startMin: 12 * 60, endMin: 14 * 60 })).toBe(localInstant('2025-03-05', '14:00'));
    expect(quietHoursEnd(localInstant('2025-03-05', '23:00'), NY, null)).toBeNull();
    expect(quietHoursEnd(localInstant('2025-03-05', '23:00'), NY, { startMin: 0, endMin: 0 })).toBeNull();
    // 23:00 EST on the eve of spring forward: the night is 8 hours of real time, not 9.
    const eve = localInstant('2025-03-08', '23:00');
    expect(quietHoursEnd(eve, NY, Q)! - eve).toBe(8 * 3_600_000);
    const eveBack = localInstant('2025-11-01', '23:00');
    expect(quietHoursEnd(eveBack, NY, Q)! - eveBack).toBe(10 * 3_600_000);
  });
});

const row = (over: Partial<DueReminder> = {}): DueReminder => ({
  id: 'r1' as ReminderId,
  appointmentId: 'a1' as AppointmentId,
  offsetMin: 60,
  dueAt: localInstant('2025-03-05', '09:00'),
  attempts: 0,
  nextAttemptAt: null,
  appointmentStatus: 'booked',
  startAt: localInstant('2025-03-05', '10:00'),
  zone: NY,
  locationName: 'Main Street',
  locationPhone: '555-0100',
  firstName: 'Ann',
  phone: '+1 (555) 010-1000',
  email: 'ann@example.org',
  preferredChannel: 'sms',
  smsOptOut: false,
  emailOptOut: false,
  ...over,
});
const both = { sms: true, email: true };
const ctx = (now: number) => ({ now, configured: both, quietHours: Q, lateAfterMs: 10 * 60_000 });

describe('decide', () => {
  it('sends on time, late after the tolerance, and never for a visit that is over or no longer live', () => {
    expect(decide(row(), ctx(localInstant('2025-03-05', '09:00')))).toEqual({ kind: 'send', channel: 'sms', to: '+15550101000', late: false });
    expect(decide(row(), ctx(localInstant('2025-03-05', '09:10')))).toMatchObject({ late: false });
    expect(decide(row(), ctx(localInstant('2025-03-05', '09:11')))).toMatchObject({ late: true });
    expect(decide(row({ attempts: 2 }), ctx(localInstant('2025-03-05', '09:40')))).toMatchObject({ late: false }); // a retry is not "late"
    expect(decide(row(), ctx(localInstant('2025-03-05', '10:00')))).toMatchObject({ kind: 'skip' });
    for (const s of ['cancelled', 'checked_in', 'completed', 'no_show'] as const) {
      expect(decide(row({ appointmentStatus: s }), ctx(localInstant('2025-03-05', '09:00')))).toEqual({ kind: 'cancel' });
    }
  });

  it('chooses the preferred channel, then the other one if allowed, and says why neither', () => {
    expect(chooseChannel(row({ preferredChannel: 'email' }), both)).toEqual({ channel: 'email', to: 'ann@example.org' });
    expect(chooseChannel(row({ smsOptOut: true }), both)).toEqual({ channel: 'email', to: 'ann@example.org' });
    expect(chooseChannel(row(), { sms: false, email: true })).toEqual({ channel: 'email', to: 'ann@example.org' });
    expect(chooseChannel(row({ phone: null, email: '  ', emailOptOut: false }), both)).toEqual({ reason: 'Not sent — no mobile number; no e-mail address.' });
    expect(chooseChannel(row({ preferredChannel: 'email', emailOptOut: true, smsOptOut: true }), both)).toEqual({
      reason: 'Not sent — opted out of e-mail; opted out of text messages.',
    });
  });

  it('only the reminder closest to the visit survives when several are due together', () => {
    const rows = [
      { id: 'x24' as ReminderId, appointmentId: 'x' as AppointmentId, offsetMin: 1440 },
      { id: 'x1' as ReminderId, appointmentId: 'x' as AppointmentId, offsetMin: 60 },
      { id: 'y24' as ReminderId, appointmentId: 'y' as AppointmentId, offsetMin: 1440 },
    ];
    expect([...supersededIds(rows)]).toEqual(['x24']);
  });
});
