import type { ExportFormat } from '@shared/domain/exports';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { ExportScope } from './scope';

/** The range and filters a job covered, as its audit row names them (ids only). */
const scopeDetails = (scope: ExportScope) => ({
  fromDate: scope.fromDate,
  toDate: scope.toDate,
  locationIds: scope.locationIds ?? null,
  providerIds: scope.providerIds ?? null,
});

/** Who exported what range, in which format, and whether patient names went with it. Ids and facts only. */
export function recordExportAudit(
  ctx: CoreContext,
  e: { jobId: string; format: ExportFormat; scope: ExportScope; includePatientNames: boolean; includeBlockouts: boolean; rows: number; bytes: number },
): void {
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: `export.${e.format}`,
    entityType: 'export',
    entityId: e.jobId,
    details: {
      ...scopeDetails(e.scope),
      includePatientNames: e.includePatientNames,
      includeBlockouts: e.includeBlockouts,
      rows: e.rows,
      bytes: e.bytes,
    },
  });
}

export function recordReportAudit(ctx: CoreContext, e: { jobId: string; scope: ExportScope; rows: number }): void {
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: 'report.run',
    entityType: 'report',
    entityId: e.jobId,
    details: { ...scopeDetails(e.scope), rows: e.rows },
  });
}
