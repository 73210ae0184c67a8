import type { z } from 'zod';
import type { Permission } from '../domain/permissions';

/**
 * Building blocks of the IPC contract. A channel pairs the
 * zod schema its input must pass with the type its handler returns and who may
 * call it; the output type is carried only at compile time (main produces it,
 * nothing to parse). An event says whether it waits while the desk is locked.
 */
declare const outputType: unique symbol;
declare const payloadType: unique symbol;

/** Who may call a channel, declared on its own entry so a new channel cannot forget it. */
interface ChannelAccess {
  /** What the signed-in person needs ('public': anyone at the desk, even with nobody signed in). */
  readonly permission: Permission;
  /**
   * Answers while the desk is locked (nobody signed in): the start and lock screens' channels only.
   * Such a channel must be 'public': there is nobody to hold anything else.
   */
  readonly whileLocked: boolean;
}

export interface ChannelDef<Input extends z.ZodType, Output> {
  readonly input: Input;
  readonly access: ChannelAccess;
  readonly [outputType]?: Output;
}

export interface EventDef<Payload> {
  /** True when the event names records (patients, visits, set-up): it waits until someone signs in. */
  readonly heldWhileLocked: boolean;
  readonly [payloadType]?: Payload;
}

type AccessInput =
  | { readonly permission: 'public'; readonly whileLocked?: boolean }
  | { readonly permission: Exclude<Permission, 'public'>; readonly whileLocked?: false };

/** `channel<Output>()(inputSchema, { permission, whileLocked? })`: curried so the schema's type is inferred. */
export function channel<Output>() {
  return <Input extends z.ZodType>(input: Input, access: AccessInput): ChannelDef<Input, Output> => ({
    input,
    access: { permission: access.permission, whileLocked: access.whileLocked ?? false },
  });
}

export function event<Payload>(opts: { heldWhileLocked: boolean }): EventDef<Payload> {
  return { heldWhileLocked: opts.heldWhileLocked };
}

type AnyChannel = ChannelDef<z.ZodType, unknown>;
export type ChannelTable = Record<`${string}/${string}`, AnyChannel>;
export type EventTable = Record<`${string}/${string}`, EventDef<unknown>>;

/** What a caller passes (before zod defaults and transforms). */
export type InputOf<C> = C extends ChannelDef<infer I, unknown> ? z.input<I> : never;
/** What a handler receives: the schema's parsed output. */
export type ParsedOf<C> = C extends ChannelDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<C> = C extends ChannelDef<z.ZodType, infer O> ? O : never;
export type PayloadOf<E> = E extends EventDef<infer P> ? P : never;
