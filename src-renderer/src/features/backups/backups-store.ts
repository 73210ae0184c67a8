import { create } from 'zustand';
import type { BackupStatusDto } from '@shared/domain/backups';
import { invoke, onEvent } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { currentTimeFormatter } from '../../stores/clinic-setup';

/** This desk's backup status as main pushes it (`backups/status`); actions go through the contract. */
interface BackupsState {
  status: BackupStatusDto | null;
  connect(): () => void;
  refresh(): Promise<void>;
  accept(status: BackupStatusDto): void;
}

export const useBackups = create<BackupsState>()((set) => ({
  status: null,
  connect() {
    const off = onEvent('backups/status', (status) => set({ status }));
    void useBackups.getState().refresh();
    return off;
  },
  async refresh() {
    const r = await invoke('backups/get-status', {});
    if (r.ok) set({ status: r.data });
  },
  accept: (status) => set({ status }),
}));

/**
 * The restore dialog is rendered at the top of the app (RestoreHost), not inside Set-up: a
 * restore closes and reopens the clinic, which unmounts the shell meanwhile.
 */
interface RestoreState {
  open: { name: string; folder?: string | undefined } | null;
  begin(name: string, folder?: string): void;
  close(): void;
}

export const useRestore = create<RestoreState>()((set) => ({
  open: null,
  begin: (name, folder) => set({ open: { name, folder } }),
  close: () => set({ open: null }),
}));

/** In the clinic's zone, like the schedule (the backup time is the clinic's wall clock). */
export const formatWhen = (at: number): string => currentTimeFormatter().dateTime(useAppStatus.getState().status?.clinic?.zone ?? 'UTC', at);

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export const REASON_LABEL = {
  scheduled: 'Scheduled',
  manual: 'Backed up by hand',
  'before-migration': 'Before an update',
  'before-import': 'Before a patient import',
  'before-restore': 'Before a restore',
} as const;
