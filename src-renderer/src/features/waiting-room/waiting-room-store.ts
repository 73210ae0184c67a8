import { create } from 'zustand';
import type { LocationId } from '@shared/domain/ids';
import type { WaitingRoomVisitDto } from '@shared/domain/waiting-room';
import { invoke, liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * One location's waiting room, read again whenever a visit there changes —
 * at this desk or at another desk through the clinic hub (the puller pushes
 * `appointments/changed` for what it applies) — and when the settings change.
 */
export const waitingRoom = liveQuery('appointments/waiting-room', {
  refreshOn: {
    'appointments/changed': (e, input) => e.locationIds.some((id) => id === input.locationId),
    'clinic/changed': true,
  },
  onError: notifyError,
});

export type MoveAlong = 'seat' | 'complete';

interface WaitingRoomState {
  /** The location shown; null until the set-up is known. */
  locationId: LocationId | null;
  /** The visit whose Seated or Done is being saved (its buttons wait). */
  saving: string | null;
  showLocation(locationId: LocationId): void;
  moveAlong(action: MoveAlong, visit: WaitingRoomVisitDto): Promise<boolean>;
}

export const useWaitingRoom = create<WaitingRoomState>()((set, get) => ({
  locationId: null,
  saving: null,
  showLocation(locationId) {
    set({ locationId });
    void waitingRoom.setInput({ locationId });
  },
  async moveAlong(action, visit) {
    if (get().saving !== null) return false;
    set({ saving: visit.appointmentId });
    try {
      // The version read is passed back: a patient another desk moved along meanwhile is a CONFLICT, not a double step.
      const r = await invoke(`appointments/${action}`, { id: visit.appointmentId, expectedVersion: visit.version });
      if (!r.ok) notifyError(r.error);
      waitingRoom.refresh();
      return r.ok;
    } finally {
      set({ saving: null });
    }
  },
}));
