import type { EpochMs, StaffId } from './ids';

/**
 * The audit trail as the manager's viewer reads it. Rows carry ids and facts,
 * never patient names, phone numbers, notes or search text; the viewer adds
 * the staff member's name from the staff list.
 */
export interface AuditRowDto {
  seq: number;
  at: EpochMs;
  /** The signed-in person who acted; null for the desk's own work (sync, reminders, start-up). */
  staffId: StaffId | null;
  staffName: string | null;
  device: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditPageDto {
  rows: AuditRowDto[];
  /** Pass back as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

export type AuditVerifyDto =
  | { intact: true; checked: number; devices: number }
  | {
      intact: false;
      checked: number;
      devices: number;
      /** The first row (per device, oldest first) whose link does not hold. */
      firstBroken: { seq: number; device: string; at: EpochMs; problem: 'edited' | 'missing-before' | 'unchained' };
    };

/** One slice of the filtered rows as CSV (header in the first); nextOffset null at the end. */
export interface AuditCsvChunkDto {
  fileName: string;
  text: string;
  rows: number;
  nextOffset: number | null;
}
