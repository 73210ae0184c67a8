import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '@main/app/services';
import type { HandlerTable } from '@main/ipc/handler-table';
import { HUB_CONNECTION_KEY } from '@main/sync/hub-settings';
import { startTestApp, type TestApp } from '../../helpers/app-services';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { tempDbFile } from '../../helpers/tempdb';
import { testKeychain } from '../../helpers/test-keychain';

/**
 * The hub password through the app's handler table, against a real
 * PostgreSQL hub: stored wrapped, shown masked, and reused for a masked
 * address only when it names the same server, port, user and database —
 * never sent anywhere else (a listener stands where another server would be
 * and must see no connection at all).
 */
const caller = { id: 'test:1' };

let pgServer: TestPostgres;
let hubUrl: string;
let deskPassword: string;
let trap: Server;
let trapPort: number;
let trapConnections = 0;
let temp: ReturnType<typeof tempDbFile>;
let app: TestApp;
let services: AppServices;
let table: HandlerTable;

beforeAll(async () => {
  pgServer = await startPostgres();
  hubUrl = await (await pgServer.createHub('hub_secret')).enroll('Front desk');
  deskPassword = decodeURIComponent(new URL(hubUrl).password);
  trap = createServer((socket) => {
    trapConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as { port: number }).port;
  temp = tempDbFile();
  app = await startTestApp(temp.file, { secrets: testKeychain() });
  ({ services, table } = app);
  expect(await table.invoke('sync/set-hub-settings', { url: hubUrl, tls: 'disable' }, caller)).toMatchObject({ ok: true });
}, 60_000);

afterAll(async () => {
  await app?.close();
  temp?.cleanup();
  trap?.close();
  pgServer?.stop();
});

afterEach(() => expect(trapConnections).toBe(0));

const masked = (over: { user?: string; host?: string; db?: string; query?: string } = {}): string => {
  const u = new URL(hubUrl);
  return `postgres://${over.user ?? u.username}:********@${over.host ?? u.host}/${over.db ?? u.pathname.slice(1)}${over.query ?? ''}`;
};

describe('the stored hub password', () => {
  it('is kept wrapped by the keychain and shown back masked', async () => {
    const raw = services.core().db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(HUB_CONNECTION_KEY) as string;
    expect(deskPassword.length).toBeGreaterThan(8);
    expect(raw).not.toContain(deskPassword);
    expect(raw).toContain('frontdesk-secret/1:os-keychain:');
    const r = await table.invoke('sync/get-hub-settings', {}, caller);
    expect(r).toMatchObject({ ok: true, data: { configured: true, url: masked() } });
    expect(JSON.stringify(r)).not.toContain(deskPassword);
  });

  it('is used to test the masked address when it names the same server, port, user and database', async () => {
    expect(await table.invoke('sync/test-hub', { url: masked(), tls: 'disable' }, caller)).toEqual({ ok: true, data: { ok: true } });
  });

  it.each([
    ['another server', { host: 'other-host' }],
    ['another port', { host: '127.0.0.1:TRAP' }],
    ['another user', { user: 'clinic' }],
    ['another database', { db: 'x' }],
    ['an address whose query names another server', { query: '?host=127.0.0.1&port=TRAP' }],
  ])('is never sent to %s', async (_what, over) => {
    const withTrap = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v.replace('TRAP', String(trapPort))]));
    const url = masked(withTrap);
    for (const channel of ['sync/test-hub', 'sync/set-hub-settings'] as const) {
      const r = await table.invoke(channel, { url, tls: 'disable' }, caller);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'url' }] } } });
    }
    expect(await table.invoke('sync/get-hub-settings', {}, caller)).toMatchObject({ ok: true, data: { url: masked() } });
  });

  it('reaches another server only with a password typed for it', async () => {
    const r = await table.invoke('sync/test-hub', { url: `postgres://clinic:typed@127.0.0.1:${trapPort}/hub_secret`, tls: 'disable' }, caller);
    expect(r).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(trapConnections).toBeGreaterThan(0);
    trapConnections = 0;
  });
});
