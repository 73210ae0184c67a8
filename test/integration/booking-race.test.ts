import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-main/core/audit';
import { openDatabase } from '../../src-main/core/db/open';
import { buildClinic, localInstant } from '../helpers/clinic-fixture';
import { tempDbFile } from '../helpers/tempdb';
import type { RaceOutcome, RaceRound, RaceSetup } from './workers/race-booker';

/**
 * The double-booking guard under real concurrency: DESKS separate OS
 * processes, each with its own connection to the same database file, try to
 * book the same provider at the same time, ROUNDS times. BEGIN IMMEDIATE
 * serialises them; the first to get the write lock wins and every other
 * desk must get SLOT_TAKEN — never a second booking, never another error.
 */
const DESKS = 8;
const ROUNDS = 25;
const worker = join(__dirname, 'workers', 'race-booker.ts');

describe('booking race between OS processes', () => {
  const tmp = tempDbFile();
  const desks: ChildProcess[] = [];
  let setup: RaceSetup;

  beforeAll(async () => {
    const db = openDatabase(tmp.file);
    const f = buildClinic(db, { openAllDay: true });
    setup = {
      file: tmp.file,
      now: f.ctx.clock.now(),
      patientId: f.patients.ann,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
    };
    db.close();
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < DESKS; i++) {
      const child = fork(worker, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, RACE_SETUP: JSON.stringify(setup) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      desks.push(child);
      ready.push(
        new Promise((resolve, reject) => {
          child.once('message', () => resolve());
          child.once('exit', (code) => reject(new Error(`desk exited early with ${code}`)));
        }),
      );
    }
    await Promise.all(ready);
  }, 60_000);

  afterAll(() => {
    for (const d of desks) if (d.connected) d.send('stop');
    for (const d of desks) if (d.exitCode === null) d.kill();
    tmp.cleanup();
  });

  it(`${DESKS} processes × ${ROUNDS} rounds: exactly one booking per slot, everyone else SLOT_TAKEN`, async () => {
    const base = localInstant('2025-03-04', '09:00');
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const msg: RaceRound = { round, startAt: base + round * 3_600_000, fireAt: Date.now() + 60 };
      const outcomes = await Promise.all(
        desks.map(
          (d) =>
            new Promise<RaceOutcome>((resolve) => {
              const onMessage = (m: RaceOutcome) => {
                if (m.round !== round) return;
                d.off('message', onMessage);
                resolve(m);
              };
              d.on('message', onMessage);
              d.send(msg);
            }),
        ),
      );
      const ok = outcomes.filter((o) => o.ok);
      expect(ok, `round ${round}`).toHaveLength(1);
      expect(
        outcomes.filter((o) => !o.ok).map((o) => o.code),
        `round ${round}`,
      ).toEqual(Array(DESKS - 1).fill('SLOT_TAKEN'));
      winners.push(ok[0]!.id!);
    }

    const db = openDatabase(tmp.file);
    try {
      const rows = db.prepare(`SELECT id FROM appointments ORDER BY start_at`).pluck().all();
      expect(rows).toEqual(winners);
      expect(db.prepare(`SELECT count(*) FROM outbox WHERE entity_type = 'appointment'`).pluck().get()).toBe(ROUNDS);
      expect(db.prepare(`SELECT count(*) FROM audit_log WHERE entity_type = 'appointment'`).pluck().get()).toBe(ROUNDS);
      expect(db.prepare(`SELECT count(*) FROM reminders`).pluck().get()).toBe(ROUNDS * 2);
      // Several desks won at least once: the race was real, not one process winning every round.
      const devices = db.prepare(`SELECT count(DISTINCT device) FROM audit_log WHERE entity_type = 'appointment'`).pluck().get();
      expect(devices).toBeGreaterThan(1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every process appended to the audit trail at once: each device's hash chain still holds.
      expect(verifyAuditChain(db)).toMatchObject({ intact: true });
    } finally {
      db.close();
    }
  }, 60_000);
});
