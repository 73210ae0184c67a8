import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDbFile } from '../helpers/tempdb';

/**
 * A full disk, for real: the desk's database on an 8 MiB tmpfs and its backup folder on a
 * 64 KiB one, mounted in a private user and mount namespace (unshare), so nothing outside
 * this test sees them. The desk runs in that namespace (workers/disk-full-desk.ts).
 */
const worker = join(__dirname, 'workers', 'disk-full-desk.ts');

interface Report {
  acked: number;
  refusal: { code: string; message: string } | null;
  refusedAgain: { ok: boolean; error?: { code: string } };
  afterFree: boolean[];
  integrity: string;
  missing: string[];
  backup: { lastGood: unknown; lastAttempt: { ok: boolean; error: { code: string; message: string } }; runNow: { ok: boolean } };
  crashed?: string;
}

function runInSmallDisks(dbDir: string, usbDir: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const script = 'mount -t tmpfs -o size=8m tmpfs "$1" && mount -t tmpfs -o size=64k tmpfs "$2" && exec "$3" --import tsx "$4" "$1" "$2"';
    const child = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', dbDir, usbDir, process.execPath, worker], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as Report);
      } catch {
        reject(new Error(`disk-full desk exited ${code} without a report: ${out.slice(-500)}`));
      }
    });
  });
}

describe('a full disk', () => {
  const tmp = tempDbFile();
  afterAll(() => tmp.cleanup());

  it('refuses bookings with DISK_FULL in plain words, loses nothing acknowledged, and books again once space is freed; a full backup drive is DISK_FULL too', async () => {
    const dbDir = join(tmp.dir, 'disk');
    const usbDir = join(tmp.dir, 'usb');
    mkdirSync(dbDir);
    mkdirSync(usbDir);
    const r = await runInSmallDisks(dbDir, usbDir);
    expect(r.crashed).toBeUndefined();
    expect(r.acked).toBeGreaterThan(0);
    expect(r.refusal).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full.*not saved.*Free space or call IT/) });
    expect(r.refusedAgain).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(r.afterFree).toEqual([true, true, true]);
    expect(r.integrity).toBe('ok');
    expect(r.missing).toEqual([]);
    expect(r.backup.lastGood).toBeNull();
    expect(r.backup.runNow).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(r.backup.lastAttempt).toMatchObject({ ok: false, error: { code: 'DISK_FULL', message: expect.stringMatching(/backup drive is full/) } });
  });
});
