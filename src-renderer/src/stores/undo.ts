import { create } from 'zustand';
import type { AppointmentId } from '@shared/domain/ids';
import { UNDO_OFFERED_MS } from '@shared/schemas/booking';
import { invoke } from '../api';
import { notifyError } from './notices';

/**
 * The message after a move, cancel or status change, with its Undo for
 * UNDO_OFFERED_MS. Undo asks main for a new change (through the booking
 * guard), so it can be refused — the refusal says why, e.g. the time was
 * taken meanwhile.
 */
interface UndoOffer {
  key: number;
  appointmentId: AppointmentId;
  /** The version the change produced: main refuses the undo when the visit changed again since. */
  version: number;
  message: string;
  /** Visits of one series changed together: undone together or not at all (their versions after the change). */
  together?: ReadonlyArray<{ appointmentId: AppointmentId; version: number }>;
  status: 'offered' | 'undoing' | 'undone';
}

interface UndoState {
  offer: UndoOffer | null;
  /** Shows the message of a change just made, with its Undo. */
  offerUndo(change: Omit<UndoOffer, 'key' | 'status'>): void;
  undo(): Promise<void>;
  dismiss(key?: number): void;
}

export { UNDO_OFFERED_MS };
/** How long "Undone" stays after an undo. */
export const UNDONE_VISIBLE_MS = 4_000;

let nextKey = 1;

export const useUndo = create<UndoState>()((set, get) => ({
  offer: null,
  offerUndo: (change) => set({ offer: { key: nextKey++, ...change, status: 'offered' } }),
  async undo() {
    const offer = get().offer;
    if (!offer || offer.status !== 'offered') return;
    set({ offer: { ...offer, status: 'undoing' } });
    const r = offer.together
      ? await invoke('series/undo', { changes: offer.together.map((c) => ({ appointmentId: c.appointmentId, expectedVersion: c.version })) })
      : await invoke('appointments/undo', { id: offer.appointmentId, expectedVersion: offer.version });
    if (get().offer?.key !== offer.key) return;
    if (!r.ok) {
      set({ offer: null });
      notifyError(r.error);
      return;
    }
    set({ offer: { ...offer, key: nextKey++, status: 'undone', message: `Undone: ${offer.message}` } });
  },
  dismiss(key) {
    if (key === undefined || get().offer?.key === key) set({ offer: null });
  },
}));
