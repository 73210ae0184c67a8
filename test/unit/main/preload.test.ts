import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FrontdeskApi } from '@shared/ipc/api';

/** The preload with `electron` replaced at its edge: what reaches the page is window.api and nothing else. */
const edge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  invoke: vi.fn((_channel: string, _input: unknown) => Promise.resolve({ ok: true, data: 'from main' })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => edge.exposed.set(key, value) },
  ipcRenderer: {
    invoke: edge.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!edge.listeners.has(channel)) edge.listeners.set(channel, new Set());
      edge.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => edge.listeners.get(channel)?.delete(listener),
  },
}));

let api: FrontdeskApi;
beforeAll(async () => {
  await import('@main/preload/index');
  api = edge.exposed.get('api') as FrontdeskApi;
});

describe('preload', () => {
  it('exposes only window.api with invoke and on', () => {
    expect([...edge.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract channels and refuses anything else', async () => {
    expect(await api.invoke('app/get-status', {})).toEqual({ ok: true, data: 'from main' });
    expect(edge.invoke).toHaveBeenCalledWith('app/get-status', {});
    edge.invoke.mockClear();
    const r = await (api.invoke as (c: string, i: unknown) => Promise<unknown>)('shell/open-external', 'https://evil.example');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(edge.invoke).not.toHaveBeenCalled();
  });

  it('delivers push events without the IPC event object, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = api.on('sync/status', (...args: unknown[]) => seen.push(args));
    const payload = { online: true, pending: 0, needsAttention: 0, lastSuccessAt: null };
    for (const l of edge.listeners.get('push:sync/status') ?? []) l({ sender: 'ipc internals' }, payload);
    expect(seen).toEqual([[payload]]);
    off();
    expect(edge.listeners.get('push:sync/status')?.size).toBe(0);
    expect(() => (api.on as (e: string, cb: () => void) => void)('ipc/everything', () => undefined)).toThrow();
  });
});
