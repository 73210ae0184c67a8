import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/domain/errors';
import { hubConnectionInput, HUB_TLS_MODES, type HubConnection } from '@shared/schemas/sync';
import { openDatabase } from '@main/core/db/open';
import { ensureDeviceId } from '@main/core/clinic';
import { createLogger } from '@main/platform/logger';
import { FixedClock } from '@main/platform/clock';
import { createHubPool } from '@main/sync/adapters/hub-postgres/client';
import { hubClientConfig } from '@main/sync/adapters/hub-postgres/connection-config';
import { SyncEngine } from '@main/sync/engine';
import { writeHubConnection } from '@main/sync/hub-settings';
import { readSyncStatus } from '@main/sync/status';
import { createEventBus } from '@main/core/events';

/**
 * No hub address the settings schema accepts can crash the desk: every one
 * either becomes driver settings built field by field, or a VALIDATION error
 * on the field to fix; connecting fails only with a typed error. `sslmode`
 * and `ssl` in the address never override the chosen security.
 */
let closedPort: number;
let dir: string;

beforeAll(async () => {
  closedPort = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-hubaddr-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SSL_KEYS = ['ssl', 'sslmode', 'SSLMODE', 'sslrootcert', 'sslcert', 'sslkey', 'sslnegotiation', 'Ssl'];
const VALUES = ['false', 'true', '0', '1', 'disable', 'no-verify', 'require', 'verify-full', 'prefer', '/etc/passwd', '', '%', '%zz', '{}'];
const piece = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~%:@/?#&=[]!$\'()*+,;'.split('')), maxLength: 12 });
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...SSL_KEYS, 'host', 'options', 'application_name', 'connect_timeout'), piece), fc.oneof(fc.constantFrom(...VALUES), piece)), { maxLength: 3 });

/** Addresses shaped like real ones (loopback, so connecting is quick), with generated parts and query strings. */
const shaped = fc
  .record({ user: piece, password: piece, host: fc.constantFrom('127.0.0.1', 'localhost', '[::1]', ''), port: fc.oneof(fc.constant(String(0)), fc.constant('99999'), fc.constant('x')), db: piece, q: query })
  .map(({ user, password, host, port, db, q }) => {
    const qs = q.length === 0 ? '' : `?${q.map(([k, v]) => `${k}=${v}`).join('&')}`;
    return `postgres://${user}:${password}@${host}:${port === '0' ? String(closedPort) : port}/${db}${qs}`;
  });

const anyAddress = fc.oneof(shaped, fc.string({ maxLength: 80 }).map((s) => `postgres://${s}`), fc.string({ maxLength: 80 }).map((s) => `postgresql://${s}`));

function accepted(url: string, tls: (typeof HUB_TLS_MODES)[number]): HubConnection | null {
  const r = hubConnectionInput.safeParse({ url, tls, ca: null });
  return r.success && r.data.url !== '' ? r.data : null;
}

describe('hub addresses', () => {
  it('every accepted address becomes settings or a field error, and a pool that cannot crash the process', async () => {
    await fc.assert(
      fc.asyncProperty(anyAddress, fc.constantFrom(...HUB_TLS_MODES), async (url, tls) => {
        const conn = accepted(url, tls);
        if (!conn) return;
        let pool;
        try {
          pool = createHubPool(conn);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('VALIDATION');
          return;
        }
        await pool.end();
      }),
      { numRuns: 500 },
    );
  });

  it('connecting with a generated loopback address fails only with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(shaped, fc.constantFrom(...HUB_TLS_MODES), async (url, tls) => {
        const conn = accepted(url, tls);
        if (!conn) return;
        const outcome = await SyncEngine.testConnection(conn).then(
          () => 'connected',
          (e: unknown) => e,
        );
        expect(outcome).toBeInstanceOf(AppError);
        expect(['VALIDATION', 'HUB_UNREACHABLE', 'HUB_REFUSED']).toContain((outcome as AppError).code);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('refuses sslmode/ssl in the address with a field error, whatever security is chosen', () => {
    for (const q of ['?ssl=false', '?ssl=0', '?sslmode=disable', '?sslmode=no-verify', '?SSLMODE=require', '?sslrootcert=/etc/passwd', '?application_name=x&sslmode=disable']) {
      for (const tls of HUB_TLS_MODES) {
        const conn = accepted(`postgres://desk:pw@127.0.0.1:5432/frontdesk${q}`, tls)!;
        expect(() => hubClientConfig(conn)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'url' })] } }));
      }
    }
  });

  it('keeps the chosen security: verify-full checks the certificate, require is explicit, plaintext only on this computer', () => {
    const base = { url: 'postgres://desk:p%40ss@hub.clinic.lan:6432/frontdesk', ca: null };
    expect(hubClientConfig({ ...base, tls: 'verify-full' })).toEqual({
      host: 'hub.clinic.lan',
      port: 6432,
      database: 'frontdesk',
      user: 'desk',
      password: 'p@ss',
      ssl: { rejectUnauthorized: true, servername: 'hub.clinic.lan' },
    });
    expect(hubClientConfig({ ...base, tls: 'require' }).ssl).toEqual({ rejectUnauthorized: false });
    expect(() => hubClientConfig({ ...base, tls: 'disable' })).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'tls' })] } }));
    expect(hubClientConfig({ ...base, url: 'postgres://desk:pw@localhost/frontdesk', tls: 'disable' }).ssl).toBe(false);
    expect(hubConnectionInput.parse({ url: 'postgres://d:p@h/db' }).tls).toBe('verify-full');
    expect(() => hubClientConfig({ ...base, tls: 'verify-full', ca: 'not a certificate' })).toThrow(
      expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'ca' })] } }),
    );
  });

  it('a desk whose stored address has ?ssl=false starts, and says what to fix instead of crashing', async () => {
    const db = openDatabase(join(dir, 'desk.sqlite'));
    writeHubConnection(db, { url: `postgres://desk:pw@127.0.0.1:${closedPort}/frontdesk?ssl=false`, tls: 'verify-full', ca: null });
    const ctx = { db, clock: new FixedClock(Date.UTC(2025, 2, 3)), actor: { user: 'desk', device: ensureDeviceId(db) }, events: createEventBus() };
    const engine = new SyncEngine({ core: () => ctx, logger: createLogger({ write: () => undefined }), onStatusChanged: () => undefined, pollMs: 100 });
    engine.start();
    await engine.cycle(2_000);
    expect(readSyncStatus(db).problem).toMatch(/Remove “\?sslmode=…” or “\?ssl=…”/);
    await engine.stop();
    db.close();
  });
});
