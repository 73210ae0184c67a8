import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionOf, decodeEnrollment } from '@main/sync/adapters/hub-postgres/enrollment-code';
import { HUB_SCHEMA_VERSION } from '@main/sync/adapters/hub-postgres/schema';
import { SyncEngine } from '@main/sync/engine';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';

/** `npm run hub:init` as a manager runs it: set up, enroll with a printed code, list, revoke, run again. */
const cli = join(__dirname, '..', '..', '..', 'src-main', 'sync', 'adapters', 'hub-postgres', 'cli.ts');
let pgServer: TestPostgres;

beforeAll(async () => {
  pgServer = await startPostgres();
}, 60_000);

afterAll(() => pgServer?.stop());

async function hubInit(adminUrl: string, ...args: string[]): Promise<string> {
  const url = new URL(adminUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, '--admin-url', url.toString(), '--tls', 'disable', ...args], {
    env: { ...process.env, PGPASSWORD: password },
  });
  return stdout;
}

describe('npm run hub:init', () => {
  it('sets up a hub, enrolls a desk with a code that works, lists and revokes it, and runs again harmlessly', async () => {
    const adminUrl = await pgServer.createDatabase('clihub');
    const first = await hubInit(adminUrl, '--enroll', 'Front desk 2');
    expect(first).toMatch(new RegExp(`schema version ${HUB_SCHEMA_VERSION} \\(created\\)`));
    const code = /^(FDHUB1\.\S+)$/m.exec(first)![1]!;
    const conn = connectionOf(decodeEnrollment(code));
    await expect(SyncEngine.testConnection(conn)).resolves.toMatchObject({ deskName: 'Front desk 2' });
    const deskId = decodeEnrollment(code).deskId;
    const listed = await hubInit(adminUrl, '--list');
    expect(listed).toMatch(/already current/);
    expect(listed).toContain(`${deskId}  Front desk 2  (active, last seen`);
    expect(await hubInit(adminUrl, '--revoke', deskId, '--list')).toMatch(new RegExp(`${deskId}  Front desk 2  \\(revoked`));
    await expect(SyncEngine.testConnection(conn)).rejects.toMatchObject({ code: 'HUB_REFUSED', message: expect.stringMatching(/withdrew/) });
  }, 60_000);
});
