import type { AppServices } from '../../app/services';
import type { HandlerGroup, Domain } from '../handler-types';
import type { CallerInfo } from '../handler-types';

/** What every handler receives besides its parsed input. */
export interface HandlerContext {
  services: AppServices;
  caller: CallerInfo;
}

export type AppHandlers<D extends Domain> = HandlerGroup<D, HandlerContext>;
