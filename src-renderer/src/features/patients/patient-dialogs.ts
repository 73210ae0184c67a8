import { create } from 'zustand';
import { hasCode, type AppErrorShape } from '@shared/domain/errors';
import type { DuplicateCandidate, Patient } from '@shared/domain/patients';
import type { MergeField, UpdatePatientInput } from '@shared/schemas/patients';
import { invoke } from '../../api';
import type { ChannelInput } from '@shared/contract';
import { notifyError } from '../../stores/notices';
import { usePatientSearch } from '../patient-search';

/**
 * The patient record's dialogs: editing a record and merging two records of
 * one person. One dialog at a time, one `status` field; the records shown are
 * what main answered, never copies kept beyond the dialog.
 */
type DialogStatus = 'idle' | 'loading' | 'saving';

type PatientDialog =
  | { kind: 'edit'; patient: Patient; duplicates: DuplicateCandidate[] | null; pending: UpdatePatientInput | null }
  | { kind: 'merge'; keep: Patient; other: Patient | null };

interface PatientDialogsState {
  dialog: PatientDialog | null;
  status: DialogStatus;
  /** The last refusal, shown in the dialog (field errors are read from it). */
  problem: AppErrorShape | null;

  openEdit(patient: Patient): void;
  save(input: UpdatePatientInput, confirmDuplicate?: boolean): Promise<boolean>;
  openMerge(keep: Patient): void;
  chooseOther(id: Patient['id']): Promise<void>;
  swap(): void;
  merge(takeFromMerged: MergeField[]): Promise<boolean>;
  close(): void;
}

export const usePatientDialogs = create<PatientDialogsState>()((set, get) => ({
  dialog: null,
  status: 'idle',
  problem: null,

  openEdit(patient) {
    set({ dialog: { kind: 'edit', patient, duplicates: null, pending: null }, status: 'idle', problem: null });
  },

  async save(input, confirmDuplicate = false) {
    const d = get().dialog;
    if (d?.kind !== 'edit') return false;
    set({ status: 'saving', problem: null });
    const r = await invoke('patients/update', { ...input, confirmDuplicate });
    if (get().dialog !== d) return false;
    if (r.ok) {
      set({ dialog: null, status: 'idle' });
      return true;
    }
    if (hasCode(r.error, 'DUPLICATE_PATIENT')) {
      set({ status: 'idle', dialog: { ...d, duplicates: r.error.details?.candidates ?? [], pending: input } });
      return false;
    }
    if (hasCode(r.error, 'CONFLICT')) {
      // Changed meanwhile: the form shows the record as it is now, with the refusal above it.
      const fresh = await invoke('patients/get', { id: d.patient.id });
      set({ status: 'idle', problem: r.error, dialog: fresh.ok ? { ...d, patient: fresh.data, duplicates: null, pending: null } : d });
      return false;
    }
    set({ status: 'idle', problem: r.error });
    return false;
  },

  openMerge(keep) {
    set({ dialog: { kind: 'merge', keep, other: null }, status: 'idle', problem: null });
  },

  async chooseOther(id) {
    const d = get().dialog;
    if (d?.kind !== 'merge') return;
    set({ status: 'loading', problem: null });
    const r = await invoke('patients/get', { id });
    if (get().dialog !== d) return;
    if (!r.ok) return set({ status: 'idle', problem: r.error });
    set({ status: 'idle', dialog: { ...d, other: r.data } });
  },

  swap() {
    const d = get().dialog;
    if (d?.kind === 'merge' && d.other) set({ dialog: { kind: 'merge', keep: d.other, other: d.keep } });
  },

  async merge(takeFromMerged) {
    const d = get().dialog;
    if (d?.kind !== 'merge' || !d.other) return false;
    set({ status: 'saving', problem: null });
    const r = await invoke('patients/merge', {
      keepId: d.keep.id,
      mergeId: d.other.id,
      takeFromMerged,
      keepVersion: d.keep.version,
      mergeVersion: d.other.version,
    });
    if (get().dialog !== d) return false;
    if (!r.ok) {
      set({ status: 'idle', problem: r.error });
      return false;
    }
    set({ dialog: null, status: 'idle' });
    await usePatientSearch.getState().openPatient(r.data.id);
    return true;
  },

  close() {
    set({ dialog: null, status: 'idle', problem: null });
  },
}));

/** Panel actions that need no dialog: family links, undoing a merge, settling a conflict. Refusals become notices. */
export async function panelAction<C extends 'patients/link-family' | 'patients/unlink-family' | 'patients/undo-merge' | 'patients/resolve-conflict'>(
  channel: C,
  input: ChannelInput<C>,
): Promise<boolean> {
  const r = await invoke(channel, input);
  if (!r.ok) notifyError(r.error);
  return r.ok;
}
