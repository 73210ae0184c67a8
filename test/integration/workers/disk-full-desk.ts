/**
 * A desk whose clinic database lives on a small tmpfs and whose backup folder is on a
 * tinier one (mounted by the parent test in a private mount namespace). It books through
 * the real handler table until the disk is full, frees the space, books again, checks
 * what it acknowledged, tries a backup into the full folder, and prints one JSON line.
 *
 * argv: <database folder (small tmpfs)> <backup folder (tiny tmpfs)>
 */
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateDatabaseKey, UNPROTECTED } from '@main/app/database-key';
import { startAppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { createAppHandlerTable } from '@main/ipc/app-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { buildClinic, localInstant, NOW } from '../../helpers/clinic-fixture';
import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';

const [dbDir, usbDir] = process.argv.slice(2) as [string, string];
const file = join(dbDir, 'clinic.sqlite');
const caller = { id: 'disk-full' };

function fillLeaving(dir: string, leaveBytes: number): string {
  const filler = join(dir, 'filler.bin');
  const s = statfsSync(dir);
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let left = s.bavail * s.bsize - leaveBytes;
  while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  closeSync(fd);
  return filler;
}

async function main(): Promise<void> {
  const services = startAppServices({
    dbFile: file,
    clock: new FixedClock(NOW),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'manager',
    demo: null,
    secretCost: TEST_SECRET_COST,
    databaseKey: () => loadOrCreateDatabaseKey(file, UNPROTECTED),
    updates: () => updatesNotAvailableHere('not here'),
  });
  await services.started();
  await signInManager(services);
  const table = createAppHandlerTable(services);
  const f = buildClinic(services.core().db, { openAllDay: true });
  const filler = fillLeaving(dbDir, 256 * 1024);

  let k = 0;
  const book = () =>
    table.invoke(
      'appointments/book',
      {
        patientId: Object.values(f.patients)[k % 3],
        providerId: k % 2 ? f.providers.smith.id : f.providers.jones.id,
        typeId: f.types.checkup.id,
        locationId: f.main.id,
        startAt: localInstant('2025-03-04', '00:00') + Math.floor(k++ / 2) * 30 * 60_000,
      },
      caller,
    );
  const acked: string[] = [];
  let refusal: unknown = null;
  for (let i = 0; i < 20_000 && refusal === null; i++) {
    const r = await book();
    if (r.ok) acked.push((r.data as { id: string }).id);
    else refusal = r.error;
  }
  const refusedAgain = await book();

  rmSync(filler);
  const afterFree: boolean[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await book();
    afterFree.push(r.ok);
    if (r.ok) acked.push((r.data as { id: string }).id);
  }
  const db = services.core().db;
  const integrity = db.pragma('integrity_check', { simple: true });
  const missing = acked.filter((id) => db.prepare('SELECT count(*) FROM appointments WHERE id = ?').pluck().get(id) !== 1);

  // The backup folder: too small for the backup.
  await table.invoke('backups/set-passphrase', { passphrase: 'a full backup drive here' }, caller);
  await table.invoke('backups/update-settings', { folder: usbDir, time: '19:30', enabled: false }, caller);
  const runNow = await table.invoke('backups/run-now', {}, caller);
  const backup = { ...services.backups.status(), runNow };

  process.stdout.write(`${JSON.stringify({ acked: acked.length, refusal, refusedAgain, afterFree, integrity, missing, backup })}\n`);
  await services.close();
}

main().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ crashed: String(e) })}\n`);
  process.exit(1);
});
