import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '@main/platform/app-protocol';

describe('app:// protocol', () => {
  let root: string;
  let secretDir: string;
  beforeAll(() => {
    secretDir = mkdtempSync(join(tmpdir(), 'frontdesk-proto-'));
    root = join(secretDir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(secretDir, 'clinic.sqlite'), 'secret');
  });
  afterAll(() => rmSync(secretDir, { recursive: true, force: true }));

  const get = (url: string, init?: RequestInit) => createAppProtocolHandler(root)(new Request(url, init));

  it('serves the renderer with a strict CSP header', async () => {
    const r = await get('app://frontdesk/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect((await get('app://frontdesk/assets/app.js')).headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get('app://frontdesk/../clinic.sqlite')).status).toBe(404);
    expect((await get('app://frontdesk/%2e%2e/clinic.sqlite')).status).toBe(404);
    expect((await get('app://frontdesk/assets/..%2f..%2fclinic.sqlite')).status).toBe(404);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://frontdesk/index.html', { method: 'POST', body: 'x' })).status).toBe(404);
  });
});
