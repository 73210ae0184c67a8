import { DateTime } from 'luxon';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { AppointmentId, EpochMs, ReminderId } from '@shared/domain/ids';
import type { QuietHours } from '@shared/schemas/reminders';

/**
 * What to do with one due reminder: pure rules, no database, no clock, no
 * network. The runner reads the due rows (state.ts), asks `decide`, and writes
 * the answer back in a transaction before any message leaves the desk.
 */

export type ReminderChannel = 'sms' | 'email';

/** A reminder that is due, with what the rules need of its visit, place and patient. */
export interface DueReminder {
  id: ReminderId;
  appointmentId: AppointmentId;
  offsetMin: number;
  dueAt: EpochMs;
  attempts: number;
  nextAttemptAt: EpochMs | null;
  appointmentStatus: AppointmentStatus;
  startAt: EpochMs;
  zone: string;
  locationName: string;
  locationPhone: string;
  firstName: string;
  phone: string | null;
  email: string | null;
  preferredChannel: ReminderChannel | 'none';
  smsOptOut: boolean;
  emailOptOut: boolean;
}

export type Decision =
  | { kind: 'send'; channel: ReminderChannel; to: string; late: boolean }
  | { kind: 'skip'; reason: string }
  /** Not yet: e.g. an SMS in quiet hours waits for their end. Not an attempt. */
  | { kind: 'defer'; until: EpochMs; reason: string }
  /** The visit is no longer going ahead (cancelled, checked in…): the reminder is cancelled. */
  | { kind: 'cancel' };

export interface DecideContext {
  now: EpochMs;
  /** Channels the clinic has set up. */
  configured: Record<ReminderChannel, boolean>;
  quietHours: QuietHours | null;
  /** A reminder picked up later than this after its moment (the desk was off) is marked "sent late". */
  lateAfterMs: number;
}

const LIVE: readonly AppointmentStatus[] = ['booked', 'confirmed'];

export function decide(r: DueReminder, c: DecideContext): Decision {
  if (!LIVE.includes(r.appointmentStatus)) return { kind: 'cancel' };
  if (r.startAt <= c.now) return { kind: 'skip', reason: 'The visit time had passed before the reminder could go out.' };
  if (r.preferredChannel === 'none') return { kind: 'skip', reason: 'The patient asked not to receive reminders.' };
  const choice = chooseChannel(r, c.configured);
  if ('reason' in choice) return { kind: 'skip', reason: choice.reason };
  if (choice.channel === 'sms') {
    const quietEnd = quietHoursEnd(c.now, r.zone, c.quietHours);
    // In quiet hours a text waits for their end, unless the visit comes before that.
    if (quietEnd !== null && r.startAt >= quietEnd) {
      return { kind: 'defer', until: quietEnd, reason: 'Waiting for the end of quiet hours.' };
    }
  }
  const moment = Math.max(r.dueAt, r.nextAttemptAt ?? r.dueAt);
  return { kind: 'send', channel: choice.channel, to: choice.to, late: r.attempts === 0 && c.now - moment > c.lateAfterMs };
}

/** The patient's preferred channel, else the other one, when it is usable; else why neither is. */
export function chooseChannel(
  r: Pick<DueReminder, 'preferredChannel' | 'phone' | 'email' | 'smsOptOut' | 'emailOptOut'>,
  configured: Record<ReminderChannel, boolean>,
): { channel: ReminderChannel; to: string } | { reason: string } {
  const order: ReminderChannel[] = r.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  const why: string[] = [];
  for (const ch of order) {
    const to = ch === 'sms' ? smsNumber(r.phone) : emailAddress(r.email);
    const optOut = ch === 'sms' ? r.smsOptOut : r.emailOptOut;
    const label = ch === 'sms' ? 'text messages' : 'e-mail';
    if (optOut) why.push(`opted out of ${label}`);
    else if (to === null) why.push(ch === 'sms' ? 'no mobile number' : 'no e-mail address');
    else if (!configured[ch]) why.push(`${label} not set up for this clinic`);
    else return { channel: ch, to };
  }
  return { reason: `Not sent — ${why.join('; ')}.` };
}

/** Digits with an optional leading +, as gateways want them; null when there is no number. */
function smsNumber(phone: string | null): string | null {
  if (phone === null) return null;
  const t = phone.trim();
  const digits = t.replace(/\D/g, '');
  if (digits.length < 5) return null;
  return t.startsWith('+') ? `+${digits}` : digits;
}

function emailAddress(email: string | null): string | null {
  const t = email?.trim() ?? '';
  return /^[^\s@]+@[^\s@]+$/.test(t) ? t : null;
}

/**
 * The instant quiet hours end, when `now` lies inside them in `zone`; null
 * otherwise. Quiet hours are local wall minutes and may wrap past midnight
 * (21:00–08:00); start = end means none. Across a DST change the end is the
 * wall time on that local date (luxon moves a missing 02:30 forward).
 */
export function quietHoursEnd(now: EpochMs, zone: string, q: QuietHours | null): EpochMs | null {
  if (q === null || q.startMin === q.endMin) return null;
  const local = DateTime.fromMillis(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const wraps = q.startMin > q.endMin;
  const inside = wraps ? minute >= q.startMin || minute < q.endMin : minute >= q.startMin && minute < q.endMin;
  if (!inside) return null;
  const day = wraps && minute >= q.startMin ? local.plus({ days: 1 }) : local;
  return atLocalMinute(day, q.endMin);
}

function atLocalMinute(day: DateTime, minuteOfDay: number): EpochMs {
  if (minuteOfDay === 1440) return day.startOf('day').plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, millisecond: 0 }).toMillis();
}

/**
 * When one visit has several reminders due at once (the desk was off through
 * both the 24 h and the 1 h moment), only the one closest to the visit goes
 * out; the others are skipped. Returns the ids to skip.
 */
export function supersededIds(due: readonly Pick<DueReminder, 'id' | 'appointmentId' | 'offsetMin'>[]): Set<ReminderId> {
  const closest = new Map<AppointmentId, { id: ReminderId; offsetMin: number }>();
  for (const r of due) {
    const c = closest.get(r.appointmentId);
    if (!c || r.offsetMin < c.offsetMin) closest.set(r.appointmentId, r);
  }
  const out = new Set<ReminderId>();
  for (const r of due) if (closest.get(r.appointmentId)!.id !== r.id) out.add(r.id);
  return out;
}
