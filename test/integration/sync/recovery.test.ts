import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { runRecovery } from '../../helpers/recovery-scenario';
import { buildTemplate } from '../../helpers/sync-desk';

/**
 * Three desk processes, 500 offline bookings each (25 of them on times
 * another desk also took), and the hub's PostgreSQL stopped and started
 * again: the desks notice it by themselves within seconds and converge on
 * the hub's schedule, with every booking accounted for — also when one desk
 * is killed with SIGKILL while it sends its backlog. The bound is generous
 * (the benchmark `sync.recover.3x500` measures it); without probing, the
 * desks used to wait up to a minute.
 */
let pg: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-recovery-'));
  template = buildTemplate(dir);
}, 60_000);

afterAll(() => {
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const GENEROUS_S = 30;

describe('back from a hub outage', () => {
  it('three desks with 500 offline bookings each converge on the hub within seconds of it starting again', async () => {
    const r = await runRecovery({ pg, dir, template, name: 'recover1', perDesk: 500, colliding: 25, killOneMidDrain: false, timeoutMs: 60_000 });
    expect(r).toMatchObject({ conflicts: 75, hubVisits: 60 + 1500 - 75 });
    expect(r.seconds).toBeLessThan(GENEROUS_S);
  }, 180_000);

  it('… also when one desk is killed (SIGKILL) while sending its backlog and started again', async () => {
    const r = await runRecovery({ pg, dir, template, name: 'recover2', perDesk: 500, colliding: 25, killOneMidDrain: true, timeoutMs: 60_000 });
    expect(r).toMatchObject({ conflicts: 75, hubVisits: 60 + 1500 - 75, killed: true });
    expect(r.seconds).toBeLessThan(GENEROUS_S);
  }, 180_000);
});
