import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '@shared/ipc/wire';
import { createLogger } from '@main/platform/logger';
import { startWebHostApp, type WebHostApp } from '@main/web-host/start';

let dir: string;
let app: WebHostApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-webhost-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontdesk</title>');
  app = await startWebHostApp({
    dbFile: join(dir, 'clinic.sqlite'),
    rendererDir,
    logger: createLogger({ write: () => undefined }),
    now: Date.UTC(2025, 10, 24, 14, 0),
    seed: 1,
    demo: false,
  });
  await app.services.started();
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, host = `127.0.0.1:${app.host.port}`) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.host.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const socketUrl = (token: string | null) =>
  `ws://127.0.0.1:${app.host.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as WireMessage;
      if (!match(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

async function call(ws: WebSocket, id: number, channel: string, input: unknown) {
  const reply = nextMessage(ws, (m) => m.kind === 'result' && m.id === id);
  ws.send(JSON.stringify({ id, channel, input }));
  return reply;
}

describe('loopback web host', () => {
  it('listens on 127.0.0.1 with a random token in the URL', () => {
    expect(app.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the renderer with a CSP that allows only its own socket', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Frontdesk</title>');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${app.host.port}`);
    expect(csp).toContain("script-src 'self'");
  });

  it('refuses other Host names (DNS rebinding)', async () => {
    expect((await get('/', 'evil.example')).status).toBe(403);
  });

  it('requires the token and the page origin on the socket', async () => {
    await expect(connect(socketUrl(null))).rejects.toThrow('HTTP 401');
    await expect(connect(socketUrl('wrong'))).rejects.toThrow('HTTP 401');
    await expect(connect(socketUrl(app.host.token), { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers calls through the same handler table as the app', async () => {
    const ws = await connect(socketUrl(app.host.token), { Origin: `http://127.0.0.1:${app.host.port}` });
    expect(await call(ws, 1, 'app/get-status', {})).toMatchObject({
      kind: 'result',
      id: 1,
      result: { ok: true, data: { phase: 'ready', now: Date.UTC(2025, 10, 24, 14, 0) } },
    });
    expect(await call(ws, 2, 'app/set-booking-open', { open: 'maybe' })).toMatchObject({
      result: { ok: false, error: { code: 'VALIDATION' } },
    });
    // Nobody is signed in at this desk: only the start and lock screens' channels answer.
    expect(await call(ws, 3, 'updates/restart', {})).toMatchObject({ result: { ok: false, error: { code: 'LOCKED', details: { deskLocked: true } } } });
    ws.close();
  });

  it('forwards push events to every page', async () => {
    const a = await connect(socketUrl(app.host.token));
    const b = await connect(socketUrl(app.host.token));
    const isSync = (m: WireMessage) => m.kind === 'event' && m.name === 'sync/status';
    const got = Promise.all([nextMessage(a, isSync), nextMessage(b, isSync)]);
    const payload = { online: false, offlineSince: 1, pending: 3, needsAttention: 0, conflicts: 0, lastSuccessAt: null, problem: null, hubConfigured: true };
    app.services.events.emit('sync/status', payload);
    expect(await got).toEqual([
      { kind: 'event', name: 'sync/status', payload },
      { kind: 'event', name: 'sync/status', payload },
    ]);
    a.close();
    b.close();
  });

  it('forgets a closed page’s open booking dialog', async () => {
    const ws = await connect(socketUrl(app.host.token));
    await call(ws, 1, 'app/set-booking-open', { open: true });
    expect(app.services.bookingActivity.isAnyoneBooking()).toBe(true);
    ws.close();
    await new Promise((r) => ws.once('close', r));
    await expect.poll(() => app.services.bookingActivity.isAnyoneBooking()).toBe(false);
  });

  it('closes a socket that sends a frame over the size limit, and keeps serving the others', async () => {
    const other = await connect(socketUrl(app.host.token));
    const ws = await connect(socketUrl(app.host.token));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, channel: 'app/get-status', input: {}, pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(await closed).toBe(1009);
    const reply = await call(other, 2, 'app/get-status', {});
    expect(reply).toMatchObject({ kind: 'result', id: 2, result: { ok: true } });
    const fresh = await connect(socketUrl(app.host.token));
    expect(await call(fresh, 3, 'app/get-status', {})).toMatchObject({ kind: 'result', id: 3, result: { ok: true } });
    other.close();
    fresh.close();
  });
});
