import { create } from 'zustand';
import type { UpdateStatus } from '@shared/domain/app';
import { invoke, onEvent } from '../../api';
import { notifyError } from '../../stores/notices';

/** The downloaded-update offer: "restart to update" once main has one ready. */
interface UpdatesState {
  status: UpdateStatus | null;
  connect(): () => void;
  restartToUpdate(): Promise<void>;
}

export const useUpdates = create<UpdatesState>()((set) => ({
  status: null,
  connect() {
    const off = onEvent('updates/status', (status) => set({ status }));
    void invoke('updates/get-status', {}).then((r) => r.ok && set({ status: r.data }));
    return off;
  },
  async restartToUpdate() {
    const r = await invoke('updates/restart', {});
    if (!r.ok) notifyError(r.error);
  },
}));
