import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeAutoUpdater, createFakeElectron, type FakeElectron, type Listener } from './fake-electron';

/**
 * src-main/index.ts with the `electron` module replaced at its edge (as in
 * index.test.ts): the OS screen lock and suspend, announced by powerMonitor,
 * lock the desk in the real services and handler table.
 */
const edge = vi.hoisted(() => ({
  electron: null as null | { module: Record<string, unknown> },
  updater: null as null | object,
}));
const fromCurrentFake = (name: string) => () => edge.electron!.module[name];
// Every name the fake offers (fake-electron.ts), so this file follows what src-main/index.ts imports.
vi.mock('electron', async () => {
  const { createFakeElectron: fakeOf } = await import('./fake-electron');
  return Object.defineProperties(
    {},
    Object.fromEntries(Object.keys(fakeOf().module).map((name) => [name, { get: fromCurrentFake(name), enumerable: true }])),
  );
});
vi.mock('electron-updater', () => ({
  default: Object.defineProperty({}, 'autoUpdater', { get: () => edge.updater, enumerable: true }),
}));

let appData: string;
let fake: FakeElectron;

const APP_FRAME = { url: 'app://frontdesk/index.html', parent: null };

function invoke(channel: string, input: unknown) {
  const handler = fake.ipcMain.handlers.get(channel) as Listener;
  return handler({ senderFrame: APP_FRAME, sender: { id: fake.windows[0]!.webContents.id } }, input) as Promise<{
    ok: boolean;
    data?: Record<string, unknown>;
    error?: { code: string };
  }>;
}

beforeEach(async () => {
  appData = mkdtempSync(join(tmpdir(), 'frontdesk-desk-lock-'));
  vi.stubEnv('FRONTDESK_EMPTY_CLINIC', '1');
  vi.resetModules();
  fake = createFakeElectron();
  fake.app.paths.set('appData', appData);
  edge.electron = fake;
  edge.updater = createFakeAutoUpdater();
  await import('@main/index');
  fake.app.readyResolve();
  await vi.waitUntil(() => fake.windows.length === 1);
  await vi.waitUntil(async () => (await invoke('app/get-status', {})).data?.phase === 'ready');
});

afterEach(async () => {
  const preventDefault = vi.fn();
  fake.app.emit('before-quit', { preventDefault });
  if (preventDefault.mock.calls.length > 0) await vi.waitUntil(() => fake.app.quit.mock.calls.length > 0);
  vi.unstubAllEnvs();
  rmSync(appData, { recursive: true, force: true });
});

/** The empty clinic's first manager, created on the lock screen and signed in. */
async function firstManager(): Promise<string> {
  const r = await invoke('sign-in/create-first-manager', { name: 'Ada Byrne', secret: '135790' });
  expect(r).toMatchObject({ ok: true, data: { person: { role: 'manager' } } });
  return (r.data!.person as { id: string }).id;
}

describe('Electron main: desk lock', () => {
  it('signs the person out when the workstation locks its screen, and tells the window', async () => {
    expect(await invoke('clinic/get-setup', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const id = await firstManager();
    expect(await invoke('clinic/get-setup', {})).toMatchObject({ ok: true });

    fake.powerMonitor.emit('lock-screen');
    expect(await invoke('desk-lock/get-status', {})).toMatchObject({ ok: true, data: { locked: true, reason: 'screen-lock' } });
    expect(await invoke('clinic/get-setup', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(fake.windows[0]!.webContents.sent).toContainEqual({
      channel: 'push:desk-lock/changed',
      payload: expect.objectContaining({ locked: true, reason: 'screen-lock' }),
    });
    expect(fake.windows[0]!.webContents.sent).toContainEqual({ channel: 'push:session/changed', payload: { person: null, permissions: ['public'] } });

    expect(await invoke('sign-in/sign-in', { staffId: id, secret: '135790' })).toMatchObject({ ok: true, data: { person: { id } } });
    expect(await invoke('clinic/get-setup', {})).toMatchObject({ ok: true });
  });

  it('signs the person out when the workstation goes to sleep', async () => {
    await firstManager();
    fake.powerMonitor.emit('suspend');
    expect(await invoke('desk-lock/get-status', {})).toMatchObject({ ok: true, data: { locked: true, reason: 'suspend' } });
    expect(await invoke('clinic/get-setup', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await invoke('session/get', {})).toMatchObject({ ok: true, data: { person: null } });
  });
});
