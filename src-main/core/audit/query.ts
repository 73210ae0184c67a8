import type { AuditPageDto, AuditRowDto } from '@shared/domain/audit';
import type { StaffId } from '@shared/domain/ids';
import type { AuditFilter } from '@shared/schemas/audit';
import type { ReadDb } from '../db/open';

/**
 * Reading the audit trail for the manager's viewer: filters combine with AND,
 * newest first, paged by `seq` (stable while rows are appended). A patient's
 * rows are those about the patient record and about their visits.
 */
interface RawRow {
  seq: number;
  at: number;
  staff_id: string | null;
  staff_name: string | null;
  device: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: string | null;
}

function whereOf(filter: AuditFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.patientId !== undefined) {
    parts.push(`((a.entity_type = 'patient' AND a.entity_id = ?)
      OR (a.entity_type = 'appointment' AND a.entity_id IN (SELECT id FROM appointments WHERE patient_id = ?)))`);
    params.push(filter.patientId, filter.patientId);
  }
  if (filter.staffId !== undefined) {
    parts.push(`a.staff_id = ?`);
    params.push(filter.staffId);
  }
  if (filter.action !== undefined) {
    // 'patient.' names a family of actions; anything else one action.
    if (filter.action.endsWith('.')) {
      parts.push(`substr(a.action, 1, ?) = ?`);
      params.push(filter.action.length, filter.action);
    } else {
      parts.push(`a.action = ?`);
      params.push(filter.action);
    }
  }
  if (filter.from !== undefined) {
    parts.push(`a.at >= ?`);
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push(`a.at < ?`);
    params.push(filter.to);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

const AUDIT_SELECT = `
  SELECT a.seq, a.at, a.staff_id, s.name AS staff_name, a.device, a.action, a.entity_type, a.entity_id, a.details
    FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id`;

function toAuditRow(r: RawRow): AuditRowDto {
  return {
    seq: r.seq,
    at: r.at,
    staffId: r.staff_id as StaffId | null,
    staffName: r.staff_name,
    device: r.device,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
  };
}

export function queryAudit(db: ReadDb, input: { filter: AuditFilter; before?: number | undefined; limit: number }): AuditPageDto {
  const where = whereOf(input.filter);
  const before = input.before !== undefined ? ' AND a.seq < ?' : '';
  const rows = db
    .prepare(`${AUDIT_SELECT} WHERE ${where.sql}${before} ORDER BY a.seq DESC LIMIT ?`)
    .all(...where.params, ...(input.before !== undefined ? [input.before] : []), input.limit + 1) as RawRow[];
  const page = rows.slice(0, input.limit).map(toAuditRow);
  return { rows: page, nextBefore: rows.length > input.limit ? page.at(-1)!.seq : null };
}

/** "Access history" on a patient's panel: who viewed or changed this patient and their visits. */
export function patientAccess(db: ReadDb, input: { patientId: string; before?: number | undefined; limit: number }): AuditPageDto {
  return queryAudit(db, { filter: { patientId: input.patientId as AuditFilter['patientId'] }, before: input.before, limit: input.limit });
}

export function readAuditRows(db: ReadDb, filter: AuditFilter, offset: number, limit: number): AuditRowDto[] {
  const where = whereOf(filter);
  return (db.prepare(`${AUDIT_SELECT} WHERE ${where.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`).all(...where.params, limit, offset) as RawRow[]).map(
    toAuditRow,
  );
}

export function countAuditRows(db: ReadDb, filter: AuditFilter): number {
  const where = whereOf(filter);
  return db.prepare(`SELECT count(*) FROM audit_log a WHERE ${where.sql}`).pluck().get(...where.params) as number;
}
