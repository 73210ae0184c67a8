import { create } from 'zustand';
import type { AppErrorShape } from '@shared/domain/errors';
import { fieldErrors as fieldErrorsFrom, type FieldErrors } from '@shared/domain/field-errors';
import type { ImportPreview, ImportProgress, ImportSummary } from '@shared/domain/import';
import { IMPORT_CHUNK_CHARS, importMapping, type ImportMappingInput } from '@shared/schemas/import';
import { invoke, withProgress } from '../../api';

/**
 * Patient import, one file at a time: upload in chunks → preview and map →
 * check (dry run with the error report) → import on main's worker thread with
 * progress and cancel → result. Components read this store; only it calls the api.
 */
type ImportStep = 'choose' | 'uploading' | 'mapping' | 'checking' | 'checked' | 'importing' | 'done';

type MappingErrors = FieldErrors<keyof ImportMappingInput>;

interface PatientImportState {
  step: ImportStep;
  fileName: string;
  /** Upload: characters sent of the file's text. */
  uploaded: { done: number; total: number };
  preview: ImportPreview | null;
  mapping: ImportMappingInput | null;
  fieldErrors: MappingErrors;
  duplicates: 'skip' | 'import';
  progress: ImportProgress | null;
  /** The last check's result (step 'checked') or the import's (step 'done'). */
  summary: ImportSummary | null;
  /** A refusal to show on the screen (not a toast: it belongs to this flow). */
  error: AppErrorShape | null;
  cancelled: boolean;
  chooseFile(file: File): Promise<void>;
  setMapping(patch: Partial<ImportMappingInput>): void;
  setDuplicates(policy: 'skip' | 'import'): void;
  check(): Promise<void>;
  run(): Promise<void>;
  cancel(): Promise<void>;
  /** The full error report as CSV text (fetched in slices). */
  reportText(): Promise<string | null>;
  reset(): Promise<void>;
}

/** Practice systems on Windows often export Windows-1252; UTF-8 is tried first and kept when valid. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The mapping field an issue names: "mapping.givenName" from main, "givenName" from the local check. */
const mappingField = (path: string): keyof ImportMappingInput | null => {
  const field = path.replace(/^mapping\./, '').split('.')[0] ?? '';
  return field in importMapping.shape ? (field as keyof ImportMappingInput) : null;
};

const initial = {
  step: 'choose' as ImportStep,
  fileName: '',
  uploaded: { done: 0, total: 0 },
  preview: null,
  mapping: null,
  fieldErrors: {},
  duplicates: 'skip' as const,
  progress: null,
  summary: null,
  error: null,
  cancelled: false,
};

export const usePatientImport = create<PatientImportState>()((set, get) => {
  /** The check's and the import's progress, for this file only. */
  const onProgress = (p: ImportProgress): void => {
    if (p.uploadId === get().preview?.uploadId) set({ progress: p });
  };
  return {
    ...initial,

    async chooseFile(file) {
      await get().reset();
      set({ step: 'uploading', fileName: file.name, error: null });
      const text = await readText(file);
      const begun = await invoke('import/begin', { fileName: file.name.slice(0, 255), size: Math.max(1, new TextEncoder().encode(text).length) });
      if (!begun.ok) return set({ step: 'choose', error: begun.error });
      const { uploadId } = begun.data;
      set({ uploaded: { done: 0, total: text.length } });
      for (let i = 0, index = 0; i < text.length; i += IMPORT_CHUNK_CHARS, index++) {
        const r = await invoke('import/append', { uploadId, index, chunk: text.slice(i, i + IMPORT_CHUNK_CHARS) });
        if (!r.ok) return set({ step: 'choose', error: r.error });
        set({ uploaded: { done: Math.min(text.length, i + IMPORT_CHUNK_CHARS), total: text.length } });
      }
      const preview = await invoke('import/preview', { uploadId });
      if (!preview.ok) {
        void invoke('import/discard', { uploadId });
        return set({ step: 'choose', error: preview.error });
      }
      set({ step: 'mapping', preview: preview.data, mapping: preview.data.suggested });
    },

    setMapping(patch) {
      const mapping = get().mapping;
      if (!mapping) return;
      // Another date column: its own dates decide the format (by majority over every row), unless chosen in the same step.
      if (patch.dateOfBirth !== undefined && patch.dateFormat === undefined) {
        const tally = get().preview?.dateColumns.find((c) => c.column === patch.dateOfBirth);
        if (tally && tally.values > 0) patch = { ...patch, dateFormat: tally.best };
      }
      const cleared = { ...get().fieldErrors };
      for (const k of Object.keys(patch) as Array<keyof ImportMappingInput>) delete cleared[k];
      // A changed mapping makes the last check stale: back to mapping.
      set({ mapping: { ...mapping, ...patch }, fieldErrors: cleared, step: 'mapping', summary: null, error: null });
    },

    setDuplicates(duplicates) {
      set({ duplicates });
    },

    async check() {
      const { preview, mapping } = get();
      if (!preview || !mapping) return;
      // Same schema as main: errors appear at the field before anything is sent.
      const local = importMapping.safeParse(mapping);
      if (!local.success) {
        return set({ fieldErrors: fieldErrorsFrom(local.error, mappingField) });
      }
      set({ step: 'checking', progress: null, error: null, fieldErrors: {}, cancelled: false });
      const r = await withProgress('import/progress', onProgress, () => invoke('import/check', { uploadId: preview.uploadId, mapping }));
      if (!r.ok) return set({ step: 'mapping', error: r.error, fieldErrors: fieldErrorsFrom(r.error, mappingField) });
      if (r.data.status === 'cancelled') return set({ step: 'mapping', cancelled: true });
      set({ step: 'checked', summary: r.data.summary });
    },

    async run() {
      const { preview, mapping, duplicates } = get();
      if (!preview || !mapping) return;
      set({ step: 'importing', progress: null, error: null, cancelled: false });
      const r = await withProgress('import/progress', onProgress, () => invoke('import/run', { uploadId: preview.uploadId, mapping, duplicates }));
      if (!r.ok) return set({ step: 'checked', error: r.error });
      if (r.data.status === 'cancelled') return set({ step: 'checked', cancelled: true });
      set({ step: 'done', summary: r.data.summary });
    },

    async cancel() {
      const uploadId = get().preview?.uploadId;
      if (uploadId) await invoke('import/cancel', { uploadId });
    },

    async reportText() {
      const uploadId = get().preview?.uploadId;
      if (!uploadId) return null;
      let text = '';
      for (let offset: number | null = 0; offset !== null; ) {
        const r: Awaited<ReturnType<typeof invoke<'import/report'>>> = await invoke('import/report', { uploadId, offset });
        if (!r.ok) {
          set({ error: r.error });
          return null;
        }
        text += r.data.text;
        offset = r.data.nextOffset;
      }
      return text;
    },

    async reset() {
      const uploadId = get().preview?.uploadId;
      if (uploadId) await invoke('import/discard', { uploadId });
      set({ ...initial });
    },
  };
});
