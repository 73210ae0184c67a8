import { importServiceFor } from '../../app/import-service';
import type { AppHandlers } from './context';

/** Patient import: uploads, preview, check and import on a worker thread (src-main/app/import-service.ts). */
export const importHandlers: AppHandlers<'import'> = {
  'import/begin': (input, { services }) => importServiceFor(services).begin(input),
  'import/append': (input, { services }) => importServiceFor(services).append(input),
  'import/preview': (input, { services }) => importServiceFor(services).preview(input),
  'import/check': (input, { services }) => importServiceFor(services).check(input),
  'import/run': (input, { services }) => importServiceFor(services).run(input),
  'import/cancel': (input, { services }) => importServiceFor(services).cancel(input),
  'import/report': (input, { services }) => importServiceFor(services).report(input),
  'import/discard': (input, { services }) => importServiceFor(services).discard(input),
};
