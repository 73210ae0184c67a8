import { fork } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { book } from '@main/core/booking';
import { updateClinicSettings } from '@main/core/clinic';
import type { WriteDb } from '@main/core/db/open';
import { openDatabase } from '@main/core/db/open';
import { updateReminderDeliverySettings } from '@main/core/reminders/delivery-settings';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { tempDbFile } from '../../helpers/tempdb';
import { reminderRows, startGateway, testRunner, type TestGateway } from './support';

/**
 * A real crash mid-send: a desk process claims a reminder, posts it to the
 * gateway, and is SIGKILLed before the answer. The reminder is not lost (the
 * restarted desk takes its own lease back on its first pass) and is sent again only because its
 * first outcome is unknown — with the same idempotency key, so a gateway can
 * drop the copy. This is the one at-least-once edge (core/reminders/state.ts).
 */
const worker = join(__dirname, 'workers', 'sending-desk.ts');
let temp: ReturnType<typeof tempDbFile>;
let gw: TestGateway;
let db: WriteDb;
let f: ClinicFixture;

beforeEach(async () => {
  temp = tempDbFile();
  gw = await startGateway();
  db = openDatabase(temp.file);
  f = buildClinic(db, { openAllDay: true });
});
afterEach(async () => {
  db.close();
  await gw.close();
  temp.cleanup();
});

describe('kill -9 while sending a reminder', () => {
  it('leaves the reminder claimed with a lease; the restarted desk takes it back at once and sends it once more', async () => {
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    updateReminderDeliverySettings(f.ctx, { sms: { kind: 'webhook', url: `${gw.url}/sms` }, smsToken: 'tok' });
    const id = book(f.ctx, {
      patientId: f.patients.bob,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: localInstant('2025-03-05', '10:00'),
    }).id;
    const due = localInstant('2025-03-05', '09:00');
    gw.script.push('hang');

    const child = fork(worker, [temp.file, String(due)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    await vi.waitUntil(() => gw.requests.length > 0, { timeout: 15_000, interval: 10 }); // the desk reached the gateway
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const [claimed] = reminderRows(db, id);
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1, leaseUntil: due + 5 * 60_000 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    f.ctx.clock.set(due + 60_000);
    // Another workstation's runner on this file respects the lease until it runs out …
    const other = testRunner({ ...f.ctx, actor: { user: 'desk', device: 'other-device' } }).runner;
    expect(await other.runOnce()).toMatchObject({ recovered: 0, scanned: 0 });
    await other.stop();
    // … while this workstation, restarted, knows its lease belongs to the run that died and takes it back at once.
    const { runner } = testRunner(f.ctx);
    expect(await runner.runOnce()).toMatchObject({ recovered: 1, sent: 1 });
    expect(await runner.runOnce()).toMatchObject({ recovered: 0, scanned: 0, sent: 0 });
    expect(reminderRows(db, id)[0]).toMatchObject({ state: 'sent', attempts: 2 });
    expect(gw.requests).toHaveLength(2);
    expect(gw.requests[1]!.headers['idempotency-key']).toBe(gw.requests[0]!.headers['idempotency-key']);
    await runner.stop();
  }, 30_000);
});
