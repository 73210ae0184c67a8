import type { EpochMs, ProviderId } from './ids';

/**
 * A provider's own calendar (CalDAV) as the Sync section shows it. The
 * password never comes back: only whether one is stored.
 */
export interface ProviderCalendarDto {
  providerId: ProviderId;
  providerName: string;
  providerActive: boolean;
  /** False: no calendar connected for this provider (the other fields are empty). */
  connected: boolean;
  /** The calendar collection's address. */
  url: string;
  username: string;
  hasPassword: boolean;
  /** When visits last reached this calendar. */
  lastPushAt: EpochMs | null;
  /** When this calendar's busy time was last read. */
  lastPullAt: EpochMs | null;
  /** Visits waiting to be sent to (or removed from) this calendar. */
  pendingPushes: number;
  /** Visits the calendar server kept refusing; they are sent again after any change of the visit or the connection. */
  refusedPushes: number;
  /** What is wrong, in plain words (null when the last contact worked). */
  problem: string | null;
  problemSince: EpochMs | null;
  /** Stretches of busy time read from this calendar (in the next 8 weeks). */
  busyCount: number;
}
