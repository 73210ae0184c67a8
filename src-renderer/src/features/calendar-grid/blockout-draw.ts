import { create } from 'zustand';
import type { BlockoutDto } from '@shared/domain/clinic';
import type { AppErrorShape } from '@shared/domain/errors';
import { invoke } from '../../api';
import type { GridColumn } from './layout';
import { addDays, instantOfWall, wallMinutesOn } from '@shared/time';

/**
 * Blockouts drawn on the grid: drag over free time in a provider's
 * or a room's column to block it (meeting, lunch, surgery…), optionally every
 * week until a date; click a blockout to change or remove it. This store
 * holds the dialog's state and calls the api; the grid refreshes itself on
 * `clinic/changed`. The reason stays on this workstation (never sent upstream).
 */
interface BlockoutDraft {
  /** Existing blockout being edited; null = a new one. */
  id: string | null;
  providerId: string | null;
  roomId: string | null;
  /** What is blocked, for the dialog's title. */
  targetLabel: string;
  date: string;
  zone: string;
  startMin: number;
  endMin: number;
  reason: string;
  /** Last date of a weekly repeat; '' = once. New blockouts only. */
  repeatUntil: string;
}

interface BlockoutDrawState {
  draft: BlockoutDraft | null;
  error: AppErrorShape | null;
  saving: boolean;
  open(draft: BlockoutDraft): void;
  close(): void;
  change(patch: Partial<BlockoutDraft>): void;
  save(): Promise<void>;
  remove(): Promise<void>;
}

/** The dates of a weekly repeat from `date` to `until` (inclusive); just `date` without one. */
function weeklyDates(date: string, until: string): string[] {
  if (until === '' || until < date) return [date];
  const out: string[] = [];
  for (let d = date; d <= until && out.length < 200; d = addDays(d, 7)) out.push(d);
  return out;
}

/** A drawn range snapped to the grid step, at least one step long, within the day. */
export function snapRange(aMin: number, bMin: number, step: number): { startMin: number; endMin: number } {
  const lo = Math.max(0, Math.floor(Math.min(aMin, bMin) / step) * step);
  const hi = Math.min(1440, Math.ceil(Math.max(aMin, bMin) / step) * step);
  return { startMin: lo, endMin: Math.max(hi, lo + step) };
}

/** The stored blockout under a click in a column, if any. */
export function blockoutAt(blockouts: readonly BlockoutDto[], column: GridColumn, zone: string, minute: number): BlockoutDto | null {
  for (const b of blockouts) {
    const mine = column.kind === 'room' ? b.roomId === column.roomId : b.providerId !== null && b.providerId === column.providerId;
    if (!mine) continue;
    if (wallMinutesOn(zone, column.date, b.startAt) <= minute && minute < wallMinutesOn(zone, column.date, b.endAt)) return b;
  }
  return null;
}

export const useBlockoutDraw = create<BlockoutDrawState>()((set, get) => ({
  draft: null,
  error: null,
  saving: false,
  open: (draft) => set({ draft, error: null, saving: false }),
  close: () => set({ draft: null, error: null, saving: false }),
  change: (patch) => {
    const d = get().draft;
    if (d) set({ draft: { ...d, ...patch }, error: null });
  },
  async save() {
    const d = get().draft;
    if (!d || get().saving) return;
    set({ saving: true, error: null });
    const at = (date: string, min: number) => instantOfWall(d.zone, date, min);
    const r = d.id
      ? await invoke('clinic/update-blockout', { id: d.id, startAt: at(d.date, d.startMin), endAt: at(d.date, d.endMin), reason: d.reason })
      : await invoke('blockouts/create-series', {
          providerId: d.providerId,
          roomId: d.roomId,
          reason: d.reason,
          occurrences: weeklyDates(d.date, d.repeatUntil).map((date) => ({ startAt: at(date, d.startMin), endAt: at(date, d.endMin) })),
        });
    if (!r.ok) return set({ saving: false, error: r.error });
    set({ draft: null, saving: false });
  },
  async remove() {
    const d = get().draft;
    if (!d?.id || get().saving) return;
    set({ saving: true, error: null });
    const r = await invoke('clinic/remove-blockout', { id: d.id });
    if (!r.ok) return set({ saving: false, error: r.error });
    set({ draft: null, saving: false });
  },
}));
