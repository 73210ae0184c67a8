import { DateTime } from 'luxon';
import type { AuditCsvChunkDto } from '@shared/domain/audit';
import type { AuditFilter } from '@shared/schemas/audit';
import type { CoreContext } from '../context';
import { spreadsheetCsv } from '../exports/spreadsheet-csv';
import { recordAudit } from './audit';
import { countAuditRows, readAuditRows } from './query';

/** Rows per slice: a slice stays well under the web host's message size. */
const AUDIT_CSV_ROWS = 2_000;

const HEADER = ['time_utc', 'staff', 'staff_id', 'device', 'action', 'entity_type', 'entity_id', 'details'];

/**
 * The viewer's filtered rows as CSV, newest first, in slices; the first slice
 * records the export itself in the trail (the filter and the row count).
 */
export function auditCsvChunk(ctx: CoreContext, input: { filter: AuditFilter; offset: number }): AuditCsvChunkDto {
  const { filter, offset } = input;
  if (offset === 0) {
    const rows = countAuditRows(ctx.db, filter);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'export.audit_csv', entityType: 'export', entityId: null, details: { filter, rows } });
  }
  const rows = readAuditRows(ctx.db, filter, offset, AUDIT_CSV_ROWS + 1);
  const slice = rows.slice(0, AUDIT_CSV_ROWS);
  // Any cell a spreadsheet would run as a formula (a staff name, an entity id…) is written as text.
  const text = spreadsheetCsv(
    slice.map((r) => [
      new Date(r.at).toISOString(),
      r.staffName ?? '',
      r.staffId ?? '',
      r.device,
      r.action,
      r.entityType,
      r.entityId ?? '',
      r.details === null ? '' : JSON.stringify(r.details),
    ]),
    offset === 0 ? { header: true, columns: HEADER, bom: true } : {},
  );
  const day = DateTime.fromMillis(ctx.clock.now(), { zone: 'utc' }).toISODate();
  return { fileName: `frontdesk-audit-${day}.csv`, text, rows: slice.length, nextOffset: rows.length > AUDIT_CSV_ROWS ? offset + AUDIT_CSV_ROWS : null };
}
