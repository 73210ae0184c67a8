/**
 * A desk that starts a backup on its worker thread and keeps booking on its main thread
 * while it runs, printing `backup-started`, then `ack <appointment id>` after each commit
 * (and `backup-done` should the backup finish first). It is killed mid-backup.
 *
 * argv: <database file> <backup folder> <database key> ; env WRITER_SETUP: JSON ids.
 */
import { runBackupInWorker } from '@main/app/backup-in-worker';
import { book } from '@main/core/booking';
import { openDatabase } from '@main/core/db/open';
import type { RecoveryKey } from '@main/core/backup';
import { FixedClock } from '@main/platform/clock';
import type { WriterSetup } from './looping-writer';
import { createEventBus } from '@main/core/events';

const [file, folder, key] = process.argv.slice(2) as [string, string, string];
const setup = JSON.parse(process.env.WRITER_SETUP ?? '{}') as WriterSetup & { recovery: RecoveryKey };
const db = openDatabase(file, { key });
const ctx = { db, clock: new FixedClock(setup.now), actor: { user: 'writer', device: 'writer-desk' }, events: createEventBus() };
const SLOT_MS = 30 * 60_000;

void runBackupInWorker({
  dbFile: file,
  access: { key },
  job: { kind: 'backup', folder, recovery: setup.recovery, reason: 'manual', now: setup.now, appVersion: 'test', deviceId: 'writer-desk' },
}).then(() => process.stdout.write('backup-done\n'));
process.stdout.write('backup-started\n');

let k = 0;
function bookSome(): void {
  // A few bookings per turn of the event loop, so the worker's messages still arrive.
  for (let i = 0; i < 5; i++, k++) {
    const a = book(ctx, {
      patientId: setup.patientIds[k % setup.patientIds.length]!,
      providerId: setup.providerIds[k % setup.providerIds.length]!,
      locationId: setup.locationId,
      typeId: setup.typeId,
      startAt: setup.firstSlotAt + Math.floor(k / setup.providerIds.length) * SLOT_MS,
    });
    process.stdout.write(`ack ${a.id}\n`);
  }
  setImmediate(bookSome);
}
bookSome();
