import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRecoveryKey, listBackups, removeStalePartials, writeBackup } from '../../src-main/core/backup';
import { openDatabase } from '../../src-main/core/db/open';
import { buildClinic, localInstant } from '../helpers/clinic-fixture';
import { tempDbFile } from '../helpers/tempdb';

/**
 * kill -9 while a backup is being written and the desk keeps booking: the clinic database
 * loses no acknowledged booking and stays whole, no half backup is taken for a backup,
 * and the next backup clears what the killed one left and succeeds.
 */
const KEY = '5e'.repeat(32);
const worker = join(__dirname, 'workers', 'backing-up-writer.ts');

describe('kill -9 during a backup', () => {
  const tmp = tempDbFile();
  afterAll(() => tmp.cleanup());

  it('loses no acknowledged booking and leaves no backup that is not whole', async () => {
    const db = openDatabase(tmp.file, { key: KEY });
    const f = buildClinic(db, { openAllDay: true });
    // Bulk so the snapshot takes a while: the kill lands while it is being written.
    db.exec(`CREATE TABLE bulk (b BLOB) STRICT; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) INSERT INTO bulk SELECT randomblob(2000) FROM n;`);
    const recovery = createRecoveryKey('kill nine during the backup');
    db.close();
    const folder = join(tmp.dir, 'usb');
    mkdirSync(folder);
    const setup = {
      now: f.ctx.clock.now(),
      firstSlotAt: localInstant('2025-03-04', '00:00'),
      patientIds: Object.values(f.patients),
      providerIds: [f.providers.smith.id, f.providers.jones.id],
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      recovery,
    };

    const child = fork(worker, [tmp.file, folder, KEY], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, WRITER_SETUP: JSON.stringify(setup) },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const acked: string[] = [];
    let backupDone = false;
    let buffered = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(line.slice(4));
        if (line === 'backup-done') backupDone = true;
      }
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => setImmediate(() => resolve(signal))));
    // Kill once the snapshot is being written and bookings are being acknowledged meanwhile.
    await vi.waitUntil(() => acked.length > 20 && readdirSync(folder).some((n) => n.endsWith('.partial')), { timeout: 60_000, interval: 5 });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(backupDone).toBe(false);

    const after = openDatabase(tmp.file, { key: KEY });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const missing = acked.filter((id) => after.prepare('SELECT count(*) FROM appointments WHERE id = ?').pluck().get(id) !== 1);
    expect(missing).toEqual([]);
    // The killed backup is not a backup: nothing is listed, only its hidden partial file remains.
    expect(listBackups(folder, 'writer-desk')).toEqual([]);

    removeStalePartials(folder, 'writer-desk');
    const next = writeBackup({ sourceFile: tmp.file, folder, recovery, sourceKey: KEY, reason: 'manual', now: setup.now + 1, appVersion: 'test', deviceId: 'writer-desk' });
    expect(readdirSync(folder)).toEqual([next.name]);
    expect(existsSync(join(folder, next.name))).toBe(true);
    after.close();
  });
});
