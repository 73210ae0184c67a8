import type { ChannelName, ChannelOutput, ChannelParsed } from '../../src-shared/contract';

/** Who called: a transport-assigned id per window or socket (never a person). */
export interface CallerInfo {
  id: string;
}

export type Handler<C extends ChannelName, Ctx> = (
  input: ChannelParsed<C>,
  ctx: Ctx,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

type DomainOf<C> = C extends `${infer D}/${string}` ? D : never;
export type Domain = DomainOf<ChannelName>;
type ChannelsOf<D extends Domain> = Extract<ChannelName, `${D}/${string}`>;

/**
 * Exactly the handlers of one domain: a missing channel or a misspelled one
 * (excess property) does not compile.
 */
export type HandlerGroup<D extends Domain, Ctx> = { [C in ChannelsOf<D>]: Handler<C, Ctx> };

/** One group per contract domain: a whole missing domain does not compile either. */
export type HandlerGroups<Ctx> = { [D in Domain]: HandlerGroup<D, Ctx> };

export type AnyHandlerMap<Ctx> = { [C in ChannelName]?: Handler<C, Ctx> };
