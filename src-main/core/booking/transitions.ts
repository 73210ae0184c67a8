import type { AppointmentStatus } from '@shared/domain/booking';

/**
 * The appointment life cycle. A status change not listed here is refused
 * with INVALID_TRANSITION. Cancelled, no-show and completed are final.
 *
 *   booked ──► confirmed ──► checked_in ──► completed
 *     │  └──────────────────────►┘
 *     ├──► cancelled  (also from confirmed)
 *     └──► no_show    (also from confirmed; only once the start time has passed)
 */
export const TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  booked: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
  confirmed: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** Visits that can still be moved: the patient has not arrived and the visit is not over. */
export const RESCHEDULABLE: readonly AppointmentStatus[] = ['booked', 'confirmed'];

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
