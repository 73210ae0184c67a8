import type { AppointmentStatus } from '@shared/domain/booking';
import { INSERT_APPOINTMENT } from '../booking/appointment-store';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import type { Statement } from '../db/prepared';
import { CANCEL_REASONS } from './data/clinic';
import type { DemoPatients } from './patients';
import type { Random } from './random';
import type { Slot } from './schedule';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const NOTES = ['Bring insurance card.', 'Asked for a reminder call.', 'First visit at this site.', 'Needs an interpreter.'];
const SEND_ERRORS = { sms: 'Carrier rejected the message', email: 'Mailbox unavailable' } as const;

/** A visit's life so far, as of "now": its status and when it was booked, changed, cancelled. */
interface History {
  status: AppointmentStatus;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  version: number;
}

/**
 * Writes visits and their reminders with bulk prepared statements (seed data:
 * no outbox rows). Statuses make sense relative to now: past visits are
 * completed, a few no-shows and cancellations; the one under way is checked
 * in; upcoming ones are booked or confirmed, some cancelled. Half of the
 * cancellations made in good time were re-booked by another patient.
 */
export class AppointmentWriter {
  appointments = 0;
  reminders = 0;
  private readonly insertAppointment: Statement;
  private readonly insertReminder: Statement;

  constructor(
    private readonly db: WriteDb,
    private readonly patients: DemoPatients,
    private readonly reminderOffsetsMin: readonly number[],
    private readonly now: number,
    private readonly rng: Random,
  ) {
    this.insertAppointment = prepared(
      db,
      INSERT_APPOINTMENT,
    );
    this.insertReminder = prepared(
      db,
      `INSERT INTO reminders (id, appointment_id, offset_min, due_at, state, channel, attempts, last_error, sent_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  write(slot: Slot): void {
    const first = this.historyFor(slot, true, this.bookedAt(slot));
    this.writeOne(slot, first);
    const cancelledEarly = first.cancelledAt !== null && first.cancelledAt < slot.startAt - 2 * HOUR;
    if (cancelledEarly && this.rng.chance(0.5)) {
      const latest = Math.min(slot.startAt - HOUR, this.now);
      const rebookedAt = Math.min(latest, first.cancelledAt! + this.rng.int(10, 2 * 24 * 60) * MIN);
      this.writeOne(slot, this.historyFor(slot, false, rebookedAt));
    }
  }

  private writeOne(slot: Slot, h: History): void {
    const patient = this.rng.int(0, this.patients.ids.length - 1);
    const id = this.rng.uuidV7(h.createdAt);
    this.insertAppointment.run({
      id,
      patientId: this.patients.ids[patient],
      providerId: slot.provider.id,
      locationId: slot.location.id,
      roomId: slot.roomId,
      typeId: slot.type.id,
      startAt: slot.startAt,
      endAt: slot.endAt,
      busyStartAt: slot.busyStartAt,
      busyEndAt: slot.busyEndAt,
      status: h.status,
      cancelReason: h.status === 'cancelled' ? this.rng.pick(CANCEL_REASONS) : null,
      note: this.rng.chance(0.03) ? this.rng.pick(NOTES) : '',
      version: h.version,
      teamId: null,
      // Checked in at its last change; one already under way is with its provider since its start.
      arrivedAt: h.status === 'checked_in' ? h.updatedAt : null,
      seatedAt: h.status === 'checked_in' && slot.startAt <= this.now ? slot.startAt : null,
      doneAt: h.status === 'completed' ? h.updatedAt : null,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
    });
    this.appointments++;
    this.writeReminders(id, slot, h, this.patients.channels[patient] ?? 'none');
  }

  /** Booked days or weeks ahead, some the same day; a visit still to come was booked in the last two weeks. */
  private bookedAt(slot: Slot): number {
    const lead = this.rng.chance(0.06) ? this.rng.int(1, 5) * HOUR : this.rng.int(1, 45) * DAY + this.rng.int(0, 600) * MIN;
    const bookedAt = slot.startAt - lead;
    return bookedAt <= this.now ? bookedAt : this.now - this.rng.int(10, 14 * 24 * 60) * MIN;
  }

  private historyFor(slot: Slot, mayCancel: boolean, createdAt: number): History {
    const { startAt, endAt } = slot;
    const now = this.now;
    const r = this.rng.next();
    const cancel = (): History => {
      const cancelledAt = createdAt + Math.floor(this.rng.next() * Math.max(0, Math.min(startAt, now) - createdAt));
      return { status: 'cancelled', createdAt, updatedAt: cancelledAt, cancelledAt, version: 2 };
    };
    const at = (t: number) => Math.max(createdAt, Math.min(now, t));
    if (endAt <= now) {
      if (mayCancel && r >= 0.94) return cancel();
      if (r >= 0.9) return { status: 'no_show', createdAt, updatedAt: at(endAt + 15 * MIN), cancelledAt: null, version: 3 };
      return { status: 'completed', createdAt, updatedAt: at(endAt + this.rng.int(0, 20) * MIN), cancelledAt: null, version: 4 };
    }
    if (startAt <= now || (startAt - now <= 30 * MIN && r < 0.4)) {
      return { status: 'checked_in', createdAt, updatedAt: at(Math.min(startAt, now) - this.rng.int(0, 15) * MIN), cancelledAt: null, version: 3 };
    }
    const soon = startAt - now <= 2 * DAY;
    if (mayCancel && r >= 0.95) return cancel();
    if (r < (soon ? 0.75 : 0.15)) {
      return { status: 'confirmed', createdAt, updatedAt: at(startAt - this.rng.int(1, 3) * DAY), cancelledAt: null, version: 2 };
    }
    return { status: 'booked', createdAt, updatedAt: createdAt, cancelledAt: null, version: 1 };
  }

  /**
   * One reminder per clinic offset, in the state it would have reached by
   * now: skipped when booked too late for it or when the patient takes no
   * reminders on any channel, cancelled when the visit was cancelled first,
   * sent (a few failed) when due, else scheduled.
   */
  private writeReminders(appointmentId: string, slot: Slot, h: History, channel: 'sms' | 'email' | 'none'): void {
    for (const offsetMin of this.reminderOffsetsMin) {
      const dueAt = slot.startAt - offsetMin * MIN;
      let state: 'scheduled' | 'sent' | 'failed' | 'skipped' | 'cancelled';
      let updatedAt = h.createdAt;
      let sentAt: number | null = null;
      let attempts = 0;
      let lastError: string | null = null;
      if (dueAt <= h.createdAt) state = 'skipped';
      else if (h.cancelledAt !== null && h.cancelledAt <= dueAt) {
        state = 'cancelled';
        updatedAt = h.cancelledAt;
      } else if (dueAt > this.now) state = 'scheduled';
      else if (channel === 'none') {
        state = 'skipped';
        updatedAt = dueAt;
      } else if (this.rng.chance(0.02)) {
        state = 'failed';
        attempts = 3;
        lastError = SEND_ERRORS[channel];
        updatedAt = Math.min(this.now, dueAt + 30 * MIN);
      } else {
        state = 'sent';
        attempts = 1;
        sentAt = Math.min(this.now, dueAt + this.rng.int(2, 90) * 1000);
        updatedAt = sentAt;
      }
      this.insertReminder.run(
        this.rng.uuidV7(h.createdAt),
        appointmentId,
        offsetMin,
        dueAt,
        state,
        state === 'sent' || state === 'failed' ? channel : null,
        attempts,
        lastError,
        sentAt,
        updatedAt,
      );
      this.reminders++;
    }
  }
}
