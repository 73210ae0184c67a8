import { z } from 'zod';

/** The first-run choice: explore the demo clinic, or set up this clinic from empty. */
export const chooseStartInput = z.strictObject({
  start: z.enum(['demo', 'empty'], 'Choose the demo clinic or an empty clinic.'),
});

export type FirstRunStart = z.output<typeof chooseStartInput>['start'];
