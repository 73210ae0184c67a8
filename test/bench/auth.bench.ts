/**
 * auth.signin — milliseconds for one PIN check against a verifier made with
 * the production cost (core/staff/verifier.ts SIGN_IN_COST): what a person
 * waits at the lock screen, and what each guess costs an attacker holding a
 * copy of the staff table. It must stay within 50–500 ms: quicker makes
 * guessing cheap, slower makes the desk sluggish.
 *
 * audit.verify.100k — milliseconds to verify a 100,000-row audit trail (two
 * devices' hash chains) with `verifyAuditChain`; it must stay under 2,000 ms
 * so a manager can check the whole trail while they wait.
 * audit.scan.100k — the same rows read without hashing, in the same run:
 * ratio = verify / scan, the cost of the hashing itself.
 */
import { join } from 'node:path';
import { recordAudit, verifyAuditChain } from '../../src-main/core/audit';
import { openDatabase } from '../../src-main/core/db/open';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import { makeVerifier, SIGN_IN_COST, verifierMatches } from '../../src-main/core/staff/verifier';
import { median, round, tempDir, timeMs, type BenchResult } from './lib';

const SIGN_IN_RUNS = 9;
const AUDIT_ROWS = 100_000;

async function signInMs(): Promise<number[]> {
  const verifier = await makeVerifier('482916', SIGN_IN_COST);
  await verifierMatches(verifier, '000000'); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < SIGN_IN_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await verifierMatches(verifier, i % 2 === 0 ? '482916' : '000000');
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return xs;
}

export default async function authBench(): Promise<BenchResult[]> {
  const signIn = await signInMs();
  const tmp = tempDir();
  try {
    const db = openDatabase(join(tmp.dir, 'audit.sqlite'));
    const at = Date.UTC(2025, 10, 24, 14, 30);
    inWriteTransaction(db, () => {
      for (let i = 0; i < AUDIT_ROWS; i++) {
        const device = i % 3 === 0 ? 'desk-b' : 'desk-a';
        recordAudit(db, { user: 'staff-1', staffId: null, device }, at + i, {
          action: i % 2 === 0 ? 'patient.read' : 'appointment.book',
          entityType: i % 2 === 0 ? 'patient' : 'appointment',
          entityId: `id-${i}`,
          details: { view: 'panel', n: i },
        });
      }
    });
    const verify: number[] = [];
    const scan: number[] = [];
    let intact = false;
    const scanAll = db.prepare(`SELECT seq, at, staff_id, actor, device, action, entity_type, entity_id, details, prev_hash, hash FROM audit_log ORDER BY device, seq`).raw(true);
    for (let r = 0; r < 5; r++) {
      scan.push(timeMs(() => void [...scanAll.iterate()]));
      verify.push(timeMs(() => (intact = verifyAuditChain(db).intact)));
    }
    db.close();
    const signInMedian = median(signIn);
    const verifyMedian = median(verify);
    const scanMedian = median(scan);
    return [
      {
        name: 'auth.signin',
        value: round(signInMedian, 1),
        unit: 'ms/verify',
        info: { cost: SIGN_IN_COST, runs: signIn.map((x) => round(x, 1)), within: '50–500 ms', ok: signInMedian >= 50 && signInMedian <= 500 },
      },
      { name: 'audit.scan.100k', value: round(scanMedian, 1), unit: 'ms', info: { rows: AUDIT_ROWS } },
      {
        name: 'audit.verify.100k',
        value: round(verifyMedian, 1),
        unit: 'ms',
        baseline: 'audit.scan.100k',
        ratio: round(verifyMedian / scanMedian, 2),
        info: { rows: AUDIT_ROWS, devices: 2, intact, budgetMs: 2_000, ok: intact && verifyMedian <= 2_000 },
      },
    ];
  } finally {
    tmp.cleanup();
  }
}
