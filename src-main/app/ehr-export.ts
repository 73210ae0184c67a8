import { AppError } from '../../src-shared/domain/errors';
import { ehrExportBundleInput, type EhrExportBundleInput } from '../../src-shared/schemas/ehr';
import { addDays } from '../../src-shared/time/local-date';
import { instantOfWall } from '../../src-shared/time/wall-time';
import { recordAudit } from '../core/audit/audit';
import { listLocations } from '../core/clinic';
import type { CoreContext } from '../core/context';
import { parseInput } from '../core/validation';
import { appointmentBundle } from '../sync/adapters/fhir/export-bundle';

/** The answer travels in one message (the web host caps one at 1 MiB): a larger range is refused with what to do. */
const MAX_TEXT = 900_000;

export function exportEhrBundle(ctx: CoreContext, input: EhrExportBundleInput): { fileName: string; text: string; visits: number } {
  const { fromDate, toDate } = parseInput(ehrExportBundleInput, input);
  const zone = listLocations(ctx.db)[0]?.zone ?? 'UTC';
  const from = instantOfWall(zone, fromDate, 0);
  const to = instantOfWall(zone, addDays(toDate, 1), 0);
  const { bundle, visits } = appointmentBundle(ctx.db, from, to);
  const text = JSON.stringify(bundle, null, 1);
  if (text.length > MAX_TEXT) throw new AppError('VALIDATION', 'These days hold too many visits for one file. Export fewer days at a time.', { issues: [{ path: 'toDate', message: 'Export fewer days at a time.' }] });
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'ehr.export_bundle', entityType: 'export', entityId: null, details: { fromDate, toDate, visits } });
  return { fileName: `frontdesk-fhir-${fromDate}${toDate === fromDate ? '' : `-to-${toDate}`}.json`, text, visits };
}
