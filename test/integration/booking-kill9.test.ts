import { fork } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/open';
import { buildClinic, localInstant } from '../helpers/clinic-fixture';
import { tempDbFile } from '../helpers/tempdb';
import type { WriterSetup } from './workers/looping-writer';

/**
 * Crash safety: a writer process booking in a loop is SIGKILLed mid-stream,
 * KILLS times, on the same database file. After each kill the database must
 * pass `integrity_check`, and every booking the writer acknowledged (it
 * prints the id only after the commit returned) must be there with its audit
 * row, outbox row and reminders. Nothing may be half-written.
 */
const KILLS = 10;
const worker = join(__dirname, 'workers', 'looping-writer.ts');

interface Run {
  acked: string[];
  signal: NodeJS.Signals | null;
}

/** Starts a writer, lets it commit for a random while after its first ack, then SIGKILLs it. */
function runAndKill(file: string, firstIndex: number, setup: WriterSetup, killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = fork(worker, [file, String(firstIndex)], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, WRITER_SETUP: JSON.stringify(setup) },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const acked: string[] = [];
    let buffered = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a torn last line is not an acknowledgement
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (timer === undefined && acked.length > 0) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      // Read what was flushed before the kill, then report.
      setImmediate(() => resolve({ acked, signal }));
    });
  });
}

describe('kill -9 while booking', () => {
  const tmp = tempDbFile();
  afterAll(() => tmp.cleanup());

  it(`${KILLS} SIGKILLs mid-stream lose no acknowledged booking and corrupt nothing`, async () => {
    const db = openDatabase(tmp.file);
    const f = buildClinic(db, { openAllDay: true });
    const setup: WriterSetup = {
      now: f.ctx.clock.now(),
      firstSlotAt: localInstant('2025-03-04', '00:00'),
      patientIds: Object.values(f.patients),
      providerIds: [f.providers.smith.id, f.providers.jones.id],
      locationId: f.main.id,
      typeId: f.types.checkup.id,
    };
    db.close();

    const allAcked: string[] = [];
    // Deterministic spread of kill delays (ms after the first ack).
    const delays = Array.from({ length: KILLS }, (_, i) => 5 + ((i * 37) % 150));
    for (const delay of delays) {
      const check = openDatabase(tmp.file);
      const next = check.prepare(`SELECT count(*) FROM appointments`).pluck().get() as number;
      check.close();
      const run = await runAndKill(tmp.file, next, setup, delay);
      expect(run.signal).toBe('SIGKILL');
      expect(run.acked.length).toBeGreaterThan(0);
      allAcked.push(...run.acked);

      const after = openDatabase(tmp.file);
      try {
        expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(after.pragma('foreign_key_check')).toEqual([]);
        const missing = allAcked.filter(
          (id) =>
            after
              .prepare(
                `SELECT (SELECT count(*) FROM appointments WHERE id = ?) = 1
                    AND (SELECT count(*) FROM audit_log WHERE entity_id = ? AND action = 'appointment.book') = 1
                    AND (SELECT count(*) FROM outbox WHERE entity_id = ? AND operation = 'appointment.book') = 1
                    AND (SELECT count(*) FROM reminders WHERE appointment_id = ?) = 2`,
              )
              .pluck()
              .get(id, id, id, id) !== 1,
        );
        expect(missing).toEqual([]);
        // Every committed booking is whole, acknowledged or not (the kill may land between commit and ack).
        const counts = after
          .prepare(
            `SELECT (SELECT count(*) FROM appointments) AS appointments,
                    (SELECT count(*) FROM audit_log WHERE entity_type = 'appointment') AS audit,
                    (SELECT count(*) FROM outbox WHERE entity_type = 'appointment') AS outbox,
                    (SELECT count(*) FROM reminders) AS reminders`,
          )
          .get() as { appointments: number; audit: number; outbox: number; reminders: number };
        expect(counts.audit).toBe(counts.appointments);
        expect(counts.outbox).toBe(counts.appointments);
        expect(counts.reminders).toBe(2 * counts.appointments);
        expect(counts.appointments - allAcked.length).toBeLessThanOrEqual(KILLS);
      } finally {
        after.close();
      }
    }
  }, 120_000);
});
