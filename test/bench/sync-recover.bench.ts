/**
 * sync.recover.3x500 — seconds from the clinic hub's PostgreSQL accepting
 * connections again (after a stop) to three desk processes converged on its
 * schedule with nothing left to send: 500 visits booked offline per desk, 25
 * of them (5 %) on times another desk also took, so 75 conflicts come back.
 * It is mostly the wait before each desk notices the hub (its probe
 * schedule) plus pushing and pulling the backlog. Floor: 10 s.
 * sync.recover.3x500.kill9 — the same, with one desk killed (SIGKILL) while it
 * sends its backlog and started again on its file. Floor: 10 s.
 * Baseline (sync.recover.3x500.restart): the same backlog when the desks'
 * sync is simply started with the hub up — the push and pull work alone,
 * nothing to notice. ratio = value / baseline.
 */
import { startPostgres } from '../helpers/postgres';
import { runRecovery } from '../helpers/recovery-scenario';
import { buildTemplate } from '../helpers/sync-desk';
import { round, tempDir, type BenchResult } from './lib';

export default async function syncRecoverBench(): Promise<BenchResult[]> {
  const tmp = tempDir();
  const pg = await startPostgres();
  try {
    const template = buildTemplate(tmp.dir);
    const common = { pg, dir: tmp.dir, template, perDesk: 500, colliding: 25, timeoutMs: 120_000 };
    const base = await runRecovery({ ...common, name: 'rbase', killOneMidDrain: false, baseline: true });
    const plain = await runRecovery({ ...common, name: 'rplain', killOneMidDrain: false });
    const kill = await runRecovery({ ...common, name: 'rkill', killOneMidDrain: true });
    const info = { floor: 10, desks: 3, offlinePerDesk: 500, conflicts: plain.conflicts };
    return [
      { name: 'sync.recover.3x500.restart', value: round(base.seconds), unit: 's', info: { desks: 3, offlinePerDesk: 500 } },
      { name: 'sync.recover.3x500', value: round(plain.seconds), unit: 's', baseline: 'sync.recover.3x500.restart', ratio: round(plain.seconds / base.seconds, 2), info },
      { name: 'sync.recover.3x500.kill9', value: round(kill.seconds), unit: 's', baseline: 'sync.recover.3x500.restart', ratio: round(kill.seconds / base.seconds, 2), info },
    ];
  } finally {
    pg.stop();
    tmp.cleanup();
  }
}
