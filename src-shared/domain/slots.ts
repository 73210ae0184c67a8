/**
 * Slot engine DTOs that cross IPC: bookable slots and the reasons a time is
 * not bookable. Produced in main by src-main/core/slots, rendered here by the UI.
 */
import { clashSentence, type ClashCause } from './clash';
import type { AppointmentId, BlockoutId, EpochMs, ProviderId, RoomId } from './ids';

/** single: one provider; collective: every listed provider together (a care team); any: one of them, fairly. */
export type SlotMethod = 'single' | 'collective' | 'any';

/** One bookable time: the visit [start, end), who sees the patient, and the room it takes (null when no room is needed). */
export interface Slot {
  start: EpochMs;
  end: EpochMs;
  /** single: [the provider]; collective: the whole team, in query order; any: the provider chosen fairly. */
  providerIds: ProviderId[];
  roomId: RoomId | null;
  /**
   * Only from an "any" search asked for everyone free: every provider free at
   * this time, fairest first (so providerIds[0], the fair pick, leads), and
   * every eligible room free then, in the order the booking guard tries them
   * (roomId leads; [] when the type needs no room).
   */
  free?: { providerIds: ProviderId[]; roomIds: RoomId[] };
}

/**
 * Why a time is not bookable. Provider- or room-scoped reasons carry the id
 * of whose time it is; an appointment is named by its id only, never its patient.
 */
export type Reason =
  /** The visit does not lie inside the provider's opening hours. */
  | { kind: 'outside_hours'; providerId: ProviderId }
  /** A date override (closed, or special hours) replaces the provider's weekly hours that day. */
  | { kind: 'date_override'; providerId: ProviderId; date: string; override: 'closed' | 'special' }
  /**
   * Open, but not one of the times visits start at (every `intervalMin` wall minutes from the opening).
   * providerId is null for a care team, whose grid is shared. previous/next: the nearest starts that day.
   */
  | {
      kind: 'off_grid';
      providerId: ProviderId | null;
      intervalMin: number;
      previous: EpochMs | null;
      next: EpochMs | null;
    }
  | { kind: 'blockout'; blockoutId: BlockoutId; providerId: ProviderId | null; roomId: RoomId | null }
  /**
   * The visit overlaps another appointment of this provider or room. `cause` (added where the
   * database is read, not by the pure engine) names the other visit's time and type.
   */
  | { kind: 'appointment'; appointmentId: AppointmentId; providerId: ProviderId | null; roomId: RoomId | null; cause?: ClashCause }
  /** Only the buffers (this visit's or the other appointment's) collide with another appointment. */
  | { kind: 'buffer'; appointmentId: AppointmentId; providerId: ProviderId | null; roomId: RoomId | null; cause?: ClashCause }
  /** Busy in the provider's own calendar; no details, only the time. */
  | { kind: 'external_busy'; providerId: ProviderId; start: EpochMs; end: EpochMs }
  /** Too soon: the earliest bookable start is `earliest`. */
  | { kind: 'notice'; earliest: EpochMs }
  /** Too far ahead: starts must be before `until`. */
  | { kind: 'horizon'; until: EpochMs }
  /** The type needs a room and no eligible room is free (room-scoped reasons say why). */
  | { kind: 'no_room' };

export type ReasonKind = Reason['kind'];

export const REASON_KINDS = [
  'outside_hours',
  'date_override',
  'off_grid',
  'blockout',
  'appointment',
  'buffer',
  'external_busy',
  'notice',
  'horizon',
  'no_room',
] as const satisfies readonly ReasonKind[];

/** What a sentence needs from the UI: names for ids and a time formatter in the location's zone. */
export interface ReasonWording {
  providerName(id: ProviderId): string;
  roomName(id: RoomId): string;
  time(t: EpochMs): string;
}

function whose(r: { providerId: ProviderId | null; roomId: RoomId | null }, w: ReasonWording): string {
  if (r.providerId !== null) return w.providerName(r.providerId);
  if (r.roomId !== null) return w.roomName(r.roomId);
  return 'the schedule';
}

/** One sentence a receptionist can read out. */
export function reasonSentence(r: Reason, w: ReasonWording): string {
  switch (r.kind) {
    case 'outside_hours':
      return `${w.providerName(r.providerId)} is not working for the whole visit at this time.`;
    case 'date_override':
      return r.override === 'closed'
        ? `${w.providerName(r.providerId)} is not working on ${r.date}.`
        : `${w.providerName(r.providerId)} has special hours on ${r.date}.`;
    case 'off_grid': {
      const near = [r.previous, r.next].filter((t): t is EpochMs => t !== null).map((t) => w.time(t));
      const hint = near.length > 0 ? ` Nearest: ${near.join(' or ')}.` : '';
      const who = r.providerId === null ? 'the team' : w.providerName(r.providerId);
      return `Visits with ${who} start every ${r.intervalMin} minutes.${hint}`;
    }
    case 'blockout':
      return `${whose(r, w)} is blocked out at this time.`;
    case 'appointment':
      return r.cause ? clashSentence(whose(r, w), r.cause, w.time) : `${whose(r, w)} already has an appointment at this time.`;
    case 'buffer':
      return r.cause
        ? clashSentence(whose(r, w), r.cause, w.time)
        : `Too close to another appointment of ${whose(r, w)} (preparation or clean-up time).`;
    case 'external_busy':
      return `${w.providerName(r.providerId)} is busy in their own calendar from ${w.time(r.start)} to ${w.time(r.end)}.`;
    case 'notice':
      return `Too short notice: the earliest bookable time is ${w.time(r.earliest)}.`;
    case 'horizon':
      return `Too far ahead: bookings are open until ${w.time(r.until)}.`;
    case 'no_room':
      return 'No suitable room is free for this visit.';
  }
}
