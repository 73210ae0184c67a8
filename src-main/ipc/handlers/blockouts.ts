import { createBlockoutSeries } from '../../core/clinic/blockout-series';
import type { AppHandlers } from './context';

/** Blockouts drawn on the grid, once or weekly. */
export const blockoutHandlers: AppHandlers<'blockouts'> = {
  'blockouts/create-series': (input, { services }) => createBlockoutSeries(services.core(), input),
};
