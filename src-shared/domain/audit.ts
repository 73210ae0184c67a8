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

/** This desk's audit trail at the clinic hub, for the Sync screen. */
export interface AuditHubStatusDto {
  hubConfigured: boolean;
  /** Time of the latest entry the hub has confirmed (every earlier one included); null when none yet. */
  storedUpTo: EpochMs | null;
  /** When the hub last confirmed entries. */
  confirmedAt: EpochMs | null;
  /** Entries not yet confirmed by the hub. */
  waiting: number;
  /** The hub refused the trail: what it means, in plain words. */
  problem: string | null;
}

/** A manager's check of the hub's copy of this desk's audit trail against the desk's own. */
export interface AuditHubCheckDto {
  /** Entries held at both places, identical. */
  compared: number;
  /** Entries the hub holds for this desk. */
  atHub: number;
  /** Time of the latest entry the hub holds. */
  hubLatestAt: EpochMs | null;
  /** Entries of this desk the hub does not hold yet. */
  waiting: number;
  /** First entry (this desk's number) whose copy at the hub differs from the desk's; null when none. */
  firstDifferent: number | null;
  /** Entries the hub holds that this desk no longer has. */
  missingHere: number;
  /** First entry from which the hub's own copy fails its re-check; null when whole. */
  hubBroken: number | null;
  /** First entry from which this desk's trail fails its own check; null when whole. */
  deskBroken: number | null;
}
