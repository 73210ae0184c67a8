import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '@shared/contract';
import { AppError } from '@shared/domain/errors';
import { buildHandlerTable, createHandlerTable, HandlerRegistry, INTERNAL_ERROR } from '@main/ipc/handler-table';
import type { HandlerGroup } from '@main/ipc/handler-types';
import { handlerGroups } from '@main/ipc/handlers';
import type { HandlerContext } from '@main/ipc/handlers/context';
import { createLogger } from '@main/platform/logger';

interface TestCtx {
  callerId: string;
}

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ write: (l) => lines.push(l), minLevel: 'debug' }) };
}

function tableWith(register: (r: HandlerRegistry<TestCtx>) => void, gate?: () => null | { code: 'LOCKED'; message: string }) {
  const registry = new HandlerRegistry<TestCtx>();
  register(registry);
  const log = recordingLogger();
  const table = createHandlerTable(registry, {
    context: (caller) => ({ callerId: caller.id }),
    logger: log.logger,
    ...(gate ? { gate } : {}),
  });
  return { table, ...log };
}

const caller = { id: 'test:1' };

describe('handler table', () => {
  it('parses input with the contract schema before the handler runs', async () => {
    const handler = vi.fn(() => null);
    const { table } = tableWith((r) => r.register('app/set-booking-open', handler));

    const bad = await table.invoke('app/set-booking-open', { open: 'yes' }, caller);
    const extra = await table.invoke('app/set-booking-open', { open: true, sneaky: 1 }, caller);
    const missing = await table.invoke('app/set-booking-open', undefined, caller);

    for (const r of [bad, extra, missing]) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message.length).toBeGreaterThan(0);
        expect(r.error.details).toHaveProperty('issues');
      }
    }
    expect(handler).not.toHaveBeenCalled();

    const good = await table.invoke('app/set-booking-open', { open: true }, caller);
    expect(good).toEqual({ ok: true, data: null });
    expect(handler).toHaveBeenCalledWith({ open: true }, { callerId: 'test:1' });
  });

  it('never echoes input values in a validation error', async () => {
    const { table } = tableWith((r) => r.register('app/set-booking-open', () => null));
    const r = await table.invoke('app/set-booking-open', { open: 'Jane Doe, 555-0100' }, caller);
    expect(JSON.stringify(r)).not.toContain('Jane');
  });

  it('passes an AppError through as an error value', async () => {
    const { table } = tableWith((r) =>
      r.register('updates/restart', () => {
        throw new AppError('SLOT_TAKEN', 'Someone booked this time a moment ago.', { slot: 1 });
      }),
    );
    expect(await table.invoke('updates/restart', {}, caller)).toEqual({
      ok: false,
      error: { code: 'SLOT_TAKEN', message: 'Someone booked this time a moment ago.', details: { slot: 1 } },
    });
  });

  it('turns an unknown error into INTERNAL and logs no message text (it may hold patient data)', async () => {
    const { table, lines } = tableWith((r) =>
      r.register('app/get-status', () => {
        throw new Error('UNIQUE constraint failed: Jane Doe 555-0100');
      }),
    );
    const r = await table.invoke('app/get-status', {}, caller);
    expect(r).toEqual({ ok: false, error: INTERNAL_ERROR });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"channel":"app/get-status"');
    expect(lines[0]).not.toContain('Jane');
    expect(lines[0]).not.toContain('555');
  });

  it('answers async handlers and their rejections the same way', async () => {
    const { table } = tableWith((r) =>
      r
        .register('app/get-status', () => Promise.reject(new AppError('NOT_FOUND', 'Gone.')))
        .register('updates/restart', async () => null),
    );
    expect(await table.invoke('app/get-status', {}, caller)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await table.invoke('updates/restart', {}, caller)).toEqual({ ok: true, data: null });
  });

  it('refuses channels outside the contract', async () => {
    const { table } = tableWith(() => undefined);
    const r = await table.invoke('fs/read-file', { path: '/etc/passwd' }, caller);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers the gate error without running the handler', async () => {
    const handler = vi.fn(() => null);
    const { table } = tableWith(
      (r) => r.register('updates/restart', handler),
      () => ({ code: 'LOCKED', message: 'Still starting.' }),
    );
    expect(await table.invoke('updates/restart', {}, caller)).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'Still starting.' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('withholds the answer of a call that was still running when the gate closed (the desk locked)', async () => {
    let finish: () => void = () => undefined;
    let closed = false;
    const { table } = tableWith(
      (r) => r.register('updates/restart', () => new Promise<null>((resolve) => (finish = () => resolve(null)))),
      () => (closed ? { code: 'LOCKED', message: 'The desk is locked.' } : null),
    );
    const running = table.invoke('updates/restart', {}, caller);
    closed = true;
    finish();
    expect(await running).toEqual({ ok: false, error: { code: 'LOCKED', message: 'The desk is locked.' } });
  });

  it('drains: waits for calls in flight and refuses new ones', async () => {
    let finish: () => void = () => undefined;
    const { table } = tableWith((r) =>
      r.register('updates/restart', () => new Promise<null>((resolve) => (finish = () => resolve(null)))),
    );
    const inFlight = table.invoke('updates/restart', {}, caller);
    let drained = false;
    const draining = table.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    expect(await table.invoke('updates/restart', {}, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    finish();
    expect(await inFlight).toEqual({ ok: true, data: null });
    await draining;
    expect(drained).toBe(true);
  });
});

describe('handler registration', () => {
  it('fails at start-up when a channel is registered twice', () => {
    const registry = new HandlerRegistry<TestCtx>().register('app/get-status', () => {
      throw new Error('unused');
    });
    expect(() => registry.register('app/get-status', () => Promise.reject(new Error('unused')))).toThrow(/registered twice/);
    expect(() => new HandlerRegistry<TestCtx>().registerAll({ 'updates/restart': () => null }).registerAll({ 'updates/restart': () => null })).toThrow(
      /registered twice/,
    );
  });

  it('fails for a channel that is not in the contract', () => {
    const registry = new HandlerRegistry<TestCtx>();
    // @ts-expect-error — a misspelled channel does not compile either
    expect(() => registry.register('app/get-statuz', () => null)).toThrow(/not in the contract/);
  });

  it('has a handler for every contract channel', () => {
    const table = buildHandlerTable(handlerGroups, {
      context: () => {
        throw new Error('not called');
      },
      logger: recordingLogger().logger,
    });
    expect([...table.channels].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('fails at start-up when a channel has no handler', () => {
    const { updates: _dropped, ...rest } = handlerGroups;
    const incomplete = { ...rest, updates: { 'updates/get-status': handlerGroups.updates['updates/get-status'] } };
    // @ts-expect-error — a group missing a channel does not compile
    expect(() => buildHandlerTable(incomplete, { context: () => ({}), logger: recordingLogger().logger })).toThrow(
      /No IPC handler for: updates\/restart/,
    );
  });

  it('does not compile a misspelled handler name', () => {
    const group: HandlerGroup<'updates', HandlerContext> = {
      'updates/get-status': handlerGroups.updates['updates/get-status'],
      'updates/restart': handlerGroups.updates['updates/restart'],
      // @ts-expect-error — 'updates/restrat' is not a contract channel
      'updates/restrat': () => null,
    };
    expect(Object.keys(group)).toHaveLength(3);
  });
});
