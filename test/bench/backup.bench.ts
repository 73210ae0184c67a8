/**
 * backup.online.1M — seconds to back up and verify the 1,000,000-patient scale clinic
 * (`npm run demo -- --scale`: 1M patients, 500k visits, 1M reminders), encrypted at rest as
 * the app keeps it, while the desk keeps booking: the app's own backup path (a worker
 * thread: VACUUM INTO a file encrypted with its own key, the trailer with the key wrapped to
 * the recovery passphrase, flushed, reopened and quick_check'ed). Floor: 60 s.
 *
 * booking.during-backup — bookings per second on the main thread while that backup runs
 * (each booking its own durable transaction, as at the desk), against
 * booking.during-backup.baseline: the same bookings on the same database with no backup,
 * measured in the same run just before. ratio = during / baseline.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runBackupInWorker } from '../../src-main/app/backup-in-worker';
import { createRecoveryKey } from '../../src-main/core/backup';
import { book } from '../../src-main/core/booking';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { generateDemoClinic } from '../../src-main/core/demo';
import { FixedClock } from '../../src-main/platform/clock';
import { round, tempDir, type BenchResult } from './lib';
import { createEventBus } from '../../src-main/core/events';
import type { CoreContext } from '../../src-main/core/context';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const KEY = '7c'.repeat(32);
const BASELINE_MS = 5_000;
const FLOOR_S = 60;

interface Desk {
  ctx: CoreContext & { clock: FixedClock };
  providerIds: string[];
  locationId: string;
  typeId: string;
  patientIds: string[];
}

/**
 * Visits the scale clinic's own providers can take: a type without a room that each of
 * them performs, at a location where they work, after the demo's last day (nothing booked
 * there), as exceptions to their hours so every half hour of the day can be used.
 */
function deskOn(db: WriteDb): Desk {
  const pick = db
    .prepare(
      `SELECT t.id AS type_id, h.location_id, group_concat(DISTINCT h.provider_id) AS providers
         FROM appointment_types t JOIN appointment_type_providers tp ON tp.type_id = t.id
         JOIN opening_hours h ON h.provider_id = tp.provider_id
        WHERE t.needs_room = 0 AND t.active = 1
        GROUP BY t.id, h.location_id ORDER BY count(DISTINCT h.provider_id) DESC LIMIT 1`,
    )
    .get() as { type_id: string; location_id: string; providers: string };
  const patientIds = db.prepare('SELECT id FROM patients ORDER BY rowid LIMIT 500').pluck().all() as string[];
  return {
    ctx: { db, clock: new FixedClock(NOW), actor: { user: 'bench', device: 'bench-desk' }, events: createEventBus() },
    providerIds: pick.providers.split(','),
    locationId: pick.location_id,
    typeId: pick.type_id,
    patientIds,
  };
}

/** Books one visit after another, yielding to the event loop every few, until told to stop. */
async function bookUntil(d: Desk, first: number, stop: () => boolean): Promise<{ booked: number; seconds: number }> {
  const start = Date.parse('2027-01-04T00:00:00Z');
  const n = d.providerIds.length;
  const t0 = process.hrtime.bigint();
  let k = first;
  while (!stop()) {
    for (let i = 0; i < 4; i++, k++) {
      book(d.ctx, {
        patientId: d.patientIds[k % d.patientIds.length]!,
        providerId: d.providerIds[k % n]!,
        locationId: d.locationId,
        typeId: d.typeId,
        startAt: start + Math.floor(k / n) * 3_600_000,
        override: { reason: 'benchmark booking' },
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  return { booked: k - first, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export default async function backupBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'scale.sqlite');
    const db = openDatabase(file, { key: KEY });
    const summary = generateDemoClinic(db, { clock: new FixedClock(NOW), seed: 1, scale: true });
    const desk = deskOn(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const recovery = createRecoveryKey('bench recovery passphrase');

    const baselineEnd = process.hrtime.bigint() + BigInt(BASELINE_MS) * 1_000_000n;
    const baseline = await bookUntil(desk, 0, () => process.hrtime.bigint() >= baselineEnd);

    let done = false;
    const t0 = process.hrtime.bigint();
    const backup = runBackupInWorker({
      dbFile: file,
      access: { key: KEY },
      job: { kind: 'backup', folder, recovery, reason: 'manual', now: NOW, appVersion: 'bench', deviceId: 'bench-desk' },
    }).finally(() => (done = true));
    const during = await bookUntil(desk, baseline.booked, () => done);
    const result = await backup;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (result.kind !== 'backed-up') throw new Error('the backup worker did not back up');
    db.close();

    const baselineRate = baseline.booked / baseline.seconds;
    const duringRate = during.booked / during.seconds;
    return [
      {
        name: 'backup.online.1M',
        value: round(seconds, 1),
        unit: 's',
        info: {
          floorS: FLOOR_S,
          withinFloor: seconds <= FLOOR_S,
          databaseBytes: statSync(file).size,
          backupBytes: result.file.bytes,
          patients: summary.patients,
          appointments: summary.appointments,
          bookedDuringBackup: during.booked,
        },
      },
      { name: 'booking.during-backup.baseline', value: round(baselineRate, 1), unit: 'bookings/s', info: { booked: baseline.booked } },
      {
        name: 'booking.during-backup',
        value: round(duringRate, 1),
        unit: 'bookings/s',
        baseline: 'booking.during-backup.baseline',
        ratio: round(duringRate / baselineRate, 3),
        info: { booked: during.booked },
      },
    ];
  } finally {
    cleanup();
  }
}
