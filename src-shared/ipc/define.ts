import type { z } from 'zod';

/**
 * Building blocks of the IPC contract (DESIGN.md habit 1). A channel pairs the
 * zod schema its input must pass with the type its handler returns; the output
 * type is carried only at compile time (main produces it, nothing to parse).
 */
declare const outputType: unique symbol;
declare const payloadType: unique symbol;

export interface ChannelDef<Input extends z.ZodType, Output> {
  readonly input: Input;
  readonly [outputType]?: Output;
}

export interface EventDef<Payload> {
  readonly [payloadType]?: Payload;
}

/** `channel<Output>()(inputSchema)`: curried so the schema's type is inferred. */
export function channel<Output>() {
  return <Input extends z.ZodType>(input: Input): ChannelDef<Input, Output> => ({ input });
}

export function event<Payload>(): EventDef<Payload> {
  return {};
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
