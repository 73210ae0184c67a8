import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConnection } from '@shared/schemas/sync';
import { enrollHubDesk } from '@main/sync/adapters/hub-postgres/admin';
import { connectionOf, decodeEnrollment } from '@main/sync/adapters/hub-postgres/enrollment-code';
import { SyncEngine } from '@main/sync/engine';
import { expectAppErrorAsync } from '../../helpers/expect-error';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';

/**
 * TLS to the hub with the clinic's own certificate authority, on a real
 * PostgreSQL serving a certificate for "localhost" signed by a CA made here
 * with openssl: verify-full connects only with that CA and that name;
 * unverified encryption is an explicit choice; an enrollment code carries
 * the CA to the desk.
 */
let dir: string;
let pgServer: TestPostgres;
let hub: TestHub;
let ca: string;
let otherCa: string;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function makeCa(name: string): string {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  return readFileSync(join(dir, `${name}.crt`), 'utf8');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-tls-'));
  ca = makeCa('clinic-ca');
  otherCa = makeCa('other-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'clinic-ca.crt', '-CAkey', 'clinic-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt');
  pgServer = await startPostgres({ ssl: { cert: readFileSync(join(dir, 'server.crt'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') } });
  hub = await pgServer.createHub('tlshub');
}, 60_000);

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS to the clinic hub', () => {
  it('verify-full connects with the clinic CA and the certificate’s name, and refuses anything else', async () => {
    const url = (await hub.enroll('Desk A')).replace('@127.0.0.1:', '@localhost:');
    const as = (c: Partial<HubConnection>): HubConnection => ({ url, tls: 'verify-full', ca, ...c });
    await expect(SyncEngine.testConnection(as({}))).resolves.toMatchObject({ deskName: 'Desk A' });
    await expectAppErrorAsync(SyncEngine.testConnection(as({ ca: otherCa })), 'HUB_REFUSED', /secure connection/);
    await expectAppErrorAsync(SyncEngine.testConnection(as({ ca: null })), 'HUB_REFUSED', /secure connection/);
    await expectAppErrorAsync(SyncEngine.testConnection(as({ url: url.replace('@localhost:', '@127.0.0.1:') })), 'HUB_REFUSED', /secure connection/);
    // Encrypted without checking: only when chosen.
    await expect(SyncEngine.testConnection(as({ tls: 'require', ca: null }))).resolves.toMatchObject({ deskName: 'Desk A' });
  });

  it('an enrollment code made over a verified connection carries the CA to the desk', async () => {
    const admin: HubConnection = { url: hub.adminUrl.replace('@127.0.0.1:', '@localhost:'), tls: 'verify-full', ca };
    const { code } = await enrollHubDesk(admin, { name: 'Desk B', address: '' });
    const conn = connectionOf(decodeEnrollment(code));
    expect(conn).toMatchObject({ tls: 'verify-full', ca });
    await expect(SyncEngine.testConnection(conn)).resolves.toMatchObject({ deskName: 'Desk B' });
    await expectAppErrorAsync(enrollHubDesk({ ...admin, ca: otherCa }, { name: 'Desk C', address: '' }), 'HUB_REFUSED', /secure connection/);
  });
});
