/**
 * reminders.scan.100k — ms for one due-scan of the reminder runner over a
 * clinic with 100,000 upcoming appointments (two reminders each, 200,000
 * rows; the next 24 h of visits have their day-before reminder due): the
 * runner's read side of one pass — the due rows with their visit, place and
 * patient (`scanDueReminders`, one batch of 200) and the default claim's
 * ownership lookup for that batch (`bookingDevices`).
 *
 * reminders.scan.100k.count — the baseline in the same run and database:
 * a plain `SELECT count(*) FROM reminders WHERE state = 'scheduled'` over the
 * same rows. ratio = value / baseline.
 *
 * Floor: 50 ms.
 */
import { join } from 'node:path';
import { openDatabase } from '../../src-main/core/db/open';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import { newId } from '../../src-main/core/ids';
import { bookingDevices } from '../../src-main/core/reminders/ownership';
import { scanDueReminders } from '../../src-main/core/reminders/state';
import { buildClinic, NOW } from '../helpers/clinic-fixture';
import { medianMs, round, tempDir, type BenchResult } from './lib';

const APPOINTMENTS = 100_000;
const PATIENTS = 20_000;
const HORIZON_DAYS = 60;
const BATCH = 200;
const FLOOR_MS = 50;

export default function remindersBench(): BenchResult[] {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, 'clinic.sqlite'));
  try {
    const f = buildClinic(db);
    inWriteTransaction(db, () => {
      const patient = db.prepare(
        `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, preferred_channel, name_key, created_at, updated_at)
         VALUES (?, ?, 'Bench', '1980-01-01', ?, ?, 'sms', ?, 0, 0)`,
      );
      const patients: string[] = [];
      for (let i = 0; i < PATIENTS; i++) {
        const id = newId<string>();
        const phone = `555${String(i).padStart(7, '0')}`;
        patient.run(id, `P${i}`, phone, phone, `bench p${i}`);
        patients.push(id);
      }
      const appt = db.prepare(
        `INSERT INTO appointments (id, patient_id, provider_id, location_id, type_id, start_at, end_at, busy_start_at, busy_end_at,
                                   status, note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', '', ?, ?)`,
      );
      const reminder = db.prepare(
        `INSERT INTO reminders (id, appointment_id, offset_min, due_at, state, updated_at) VALUES (?, ?, ?, ?, 'scheduled', ?)`,
      );
      const audit = db.prepare(
        `INSERT INTO audit_log (at, actor, device, action, entity_type, entity_id) VALUES (?, 'bench', 'bench-desk', 'appointment.book', 'appointment', ?)`,
      );
      const span = HORIZON_DAYS * 86_400_000;
      for (let i = 0; i < APPOINTMENTS; i++) {
        const id = newId<string>();
        // Spread evenly from 90 minutes ahead to the horizon (on a 5-minute grid).
        const start = NOW + 90 * 60_000 + Math.floor((i / APPOINTMENTS) * span / 300_000) * 300_000;
        appt.run(id, patients[i % PATIENTS], f.providers.smith.id, f.main.id, f.types.checkup.id, start, start + 1_800_000, start, start + 1_800_000, NOW, NOW);
        reminder.run(newId(), id, 1440, start - 86_400_000, NOW);
        reminder.run(newId(), id, 60, start - 3_600_000, NOW);
        audit.run(NOW, id);
      }
    });
    db.pragma('optimize');

    const due = db.prepare(`SELECT count(*) FROM reminders WHERE state = 'scheduled' AND due_at <= ?`).pluck().get(NOW) as number;
    let scanned = 0;
    const scan = () => {
      const rows = scanDueReminders(db, NOW, BATCH);
      bookingDevices(db, rows.map((r) => r.appointmentId));
      scanned = rows.length;
    };
    const count = db.prepare(`SELECT count(*) FROM reminders WHERE state = 'scheduled'`).pluck();
    const baselineMs = medianMs(() => count.get(), 9, 2);
    const scanMs = medianMs(scan, 9, 2);
    if (scanned !== Math.min(BATCH, due)) throw new Error(`scan returned ${scanned}, expected ${Math.min(BATCH, due)}`);
    return [
      { name: 'reminders.scan.100k.count', value: round(baselineMs, 2), unit: 'ms', info: { reminderRows: APPOINTMENTS * 2 } },
      {
        name: 'reminders.scan.100k',
        value: round(scanMs, 2),
        unit: 'ms',
        baseline: 'reminders.scan.100k.count',
        ratio: round(scanMs / baselineMs, 3),
        info: {
          appointments: APPOINTMENTS,
          reminderRows: APPOINTMENTS * 2,
          dueNow: due,
          batch: BATCH,
          floorMs: FLOOR_MS,
          withinFloor: scanMs <= FLOOR_MS,
        },
      },
    ];
  } finally {
    db.close();
    cleanup();
  }
}
