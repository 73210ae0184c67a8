import { contract, isChannelName, type ChannelName } from '../../src-shared/contract';
import { isAppError, type AppErrorShape, type Result } from '../../src-shared/domain/errors';
import { parseInput } from '../core/validation';
import { stackFrames, type Logger } from '../platform/logger';
import type { AnyHandlerMap, CallerInfo, Handler, HandlerGroups } from './handler-types';

type UntypedHandler<Ctx> = (input: unknown, ctx: Ctx) => unknown;

/**
 * The transport-agnostic handler table. Every call:
 * known channel → gate (e.g. still starting) → zod parse → handler. Whatever
 * happens, the caller gets a `Result`: AppErrors pass through as values,
 * anything else is logged (channel and stack frames only) and becomes INTERNAL.
 */
export interface HandlerTable {
  readonly channels: readonly ChannelName[];
  invoke(channel: string, input: unknown, caller: CallerInfo): Promise<Result<unknown>>;
  /** Refuse new calls and resolve once the calls in flight have settled. */
  drain(): Promise<void>;
}

export interface HandlerTableOptions<Ctx> {
  context(caller: CallerInfo): Ctx;
  logger: Logger;
  /** An error to answer instead of running the handler (start-up not finished…). */
  /** `after`: asked again once the handler finished, so an answer is not handed to a desk that locked meanwhile. */
  gate?(channel: ChannelName, when: 'before' | 'after'): AppErrorShape | null;
  /** A typed error for a disk or database fault a handler ran into (disk full, damaged file…), instead of INTERNAL. */
  fault?(e: unknown): AppErrorShape | null;
}

export const INTERNAL_ERROR: AppErrorShape = {
  code: 'INTERNAL',
  message: 'Something went wrong and nothing was changed. Try again; if it keeps happening, contact support.',
};

const CLOSING_ERROR: AppErrorShape = {
  code: 'LOCKED',
  message: 'Frontdesk is closing. Open it again to continue.',
};

/** Collects handlers; registering a channel twice or one outside the contract fails at once. */
export class HandlerRegistry<Ctx> {
  private readonly handlers = new Map<ChannelName, UntypedHandler<Ctx>>();

  register<C extends ChannelName>(channel: C, handler: Handler<C, Ctx>): this {
    if (!isChannelName(channel)) throw new Error(`IPC handler for "${channel}", which is not in the contract`);
    if (this.handlers.has(channel)) throw new Error(`IPC handler for "${channel}" registered twice`);
    this.handlers.set(channel, handler as UntypedHandler<Ctx>);
    return this;
  }

  registerAll(handlers: AnyHandlerMap<Ctx>): this {
    for (const [channel, handler] of Object.entries(handlers)) {
      this.register(channel as ChannelName, handler as Handler<ChannelName, Ctx>);
    }
    return this;
  }

  registered(): ReadonlyMap<ChannelName, UntypedHandler<Ctx>> {
    return this.handlers;
  }
}

/** The app's table: one group per domain, every contract channel covered (checked again at start-up). */
export function buildHandlerTable<Ctx>(groups: HandlerGroups<Ctx>, opts: HandlerTableOptions<Ctx>): HandlerTable {
  const registry = new HandlerRegistry<Ctx>();
  for (const group of Object.values(groups) as AnyHandlerMap<Ctx>[]) registry.registerAll(group);
  const missing = (Object.keys(contract) as ChannelName[]).filter((c) => !registry.registered().has(c));
  if (missing.length > 0) throw new Error(`No IPC handler for: ${missing.join(', ')}`);
  return createHandlerTable(registry, opts);
}

export function createHandlerTable<Ctx>(registry: HandlerRegistry<Ctx>, opts: HandlerTableOptions<Ctx>): HandlerTable {
  const handlers = new Map(registry.registered());
  let inFlight = 0;
  let closing = false;
  let settled: Array<() => void> = [];

  const finishOne = (): void => {
    inFlight -= 1;
    if (inFlight === 0) {
      for (const resolve of settled) resolve();
      settled = [];
    }
  };

  async function run(channel: ChannelName, input: unknown, caller: CallerInfo): Promise<Result<unknown>> {
    const handler = handlers.get(channel);
    if (!handler) return { ok: false, error: unknownChannel() };
    const gated = opts.gate?.(channel, 'before');
    if (gated) return { ok: false, error: gated };
    try {
      // Same VALIDATION value a service would throw: first problem for the receptionist, all in details.
      const parsed: unknown = parseInput(contract[channel].input, input);
      const data: unknown = await handler(parsed, opts.context(caller));
      // Asked again at the end: what a slow call read is not handed to a desk that locked meanwhile.
      const closedSince = opts.gate?.(channel, 'after');
      if (closedSince) return { ok: false, error: closedSince };
      return { ok: true, data };
    } catch (e) {
      if (isAppError(e)) return { ok: false, error: e.toShape() };
      const fault = opts.fault?.(e);
      if (fault) {
        opts.logger.warn('ipc.fault', { channel, code: fault.code, cause: String((e as { code?: unknown }).code) });
        return { ok: false, error: fault };
      }
      opts.logger.error('ipc.internal_error', {
        channel,
        caller: caller.id,
        errorName: e instanceof Error ? e.name : typeof e,
        stack: stackFrames(e),
      });
      return { ok: false, error: INTERNAL_ERROR };
    }
  }

  return {
    channels: [...handlers.keys()],
    async invoke(channel, input, caller) {
      if (!isChannelName(channel)) return { ok: false, error: unknownChannel() };
      if (closing) return { ok: false, error: CLOSING_ERROR };
      inFlight += 1;
      try {
        return await run(channel, input, caller);
      } finally {
        finishOne();
      }
    },
    drain() {
      closing = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => settled.push(resolve));
    },
  };
}

function unknownChannel(): AppErrorShape {
  return {
    code: 'VALIDATION',
    message: 'This request was not understood. Restart Frontdesk; if it keeps happening, contact support.',
  };
}
