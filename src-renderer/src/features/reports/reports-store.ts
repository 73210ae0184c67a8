import { create } from 'zustand';
import type { AppErrorShape } from '@shared/domain/errors';
import { fieldErrors as fieldErrorsFrom, firstSegment, type FieldErrors as FormErrors } from '@shared/domain/field-errors';
import type { ExportFileDto, ExportFormat, ExportProgress, ReportDto } from '@shared/domain/exports';
import { runReportInput } from '@shared/schemas/exports';
import { invoke, withProgress } from '../../api';
import { todayInClinic } from '../../stores/day';
import { readExportFile } from './export-file';
import { addDays } from '@shared/time';

/**
 * Manager exports and reports. One shared scope (dates, locations,
 * providers) feeds both the schedule export and the provider report; each job
 * runs on main's worker thread, pushes `exports/progress`, and its file is
 * read back in slices into a Blob. Components read this store; only it calls the api.
 */
type RangeField = 'fromDate' | 'toDate';
type ScopeField = RangeField | 'locationIds' | 'providerIds';
type FieldErrors = FormErrors<ScopeField>;
export type ReportView = 'totals' | 'weekly' | 'daily';
type JobState = 'idle' | 'running' | 'reading' | 'done' | 'cancelled';

interface Scope {
  fromDate: string;
  toDate: string;
  /** Empty: every location / provider. */
  locationIds: string[];
  providerIds: string[];
}

interface ExportState {
  format: ExportFormat;
  includePatientNames: boolean;
  includeBlockouts: boolean;
  state: JobState;
  jobId: string | null;
  progress: ExportProgress | null;
  /** The saved file: a Blob URL to hand to a download link, revoked when replaced. */
  saved: { file: ExportFileDto; url: string } | null;
  error: AppErrorShape | null;
}

interface ReportState {
  state: JobState;
  jobId: string | null;
  progress: ExportProgress | null;
  report: ReportDto | null;
  view: ReportView;
  error: AppErrorShape | null;
}

interface ReportsStore {
  scope: Scope;
  fieldErrors: FieldErrors;
  exp: ExportState;
  rep: ReportState;
  /** Fills the default range (this week) once main's clock and the clinic's zone are known. */
  ensureRange(): void;
  setScope(patch: Partial<Scope>): void;
  setExportOptions(patch: Partial<Pick<ExportState, 'format' | 'includePatientNames' | 'includeBlockouts'>>): void;
  runExport(): Promise<void>;
  cancelExport(): Promise<void>;
  runReport(): Promise<void>;
  cancelReport(): Promise<void>;
  setReportView(view: ReportView): void;
  /** The report's CSV as a Blob (read in slices); null after a refusal (shown on screen). */
  reportCsv(): Promise<Blob | null>;
}

/** Monday..Sunday of the clinic's current week. */
export function thisWeek(): { fromDate: string; toDate: string } {
  const today = todayInClinic();
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const fromDate = addDays(today, -weekday);
  return { fromDate, toDate: addDays(fromDate, 6) };
}

/** A job reference main accepts ([A-Za-z0-9-]{8,64}); getRandomValues works outside secure contexts too. */
function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const SCOPE_FIELDS = ['fromDate', 'toDate', 'locationIds', 'providerIds'] as const;

/** Issues on the scope's fields (e.g. "toDate"); others are not the form's to show. */
const scopeField = (path: string): ScopeField | null => SCOPE_FIELDS.find((f) => f === firstSegment(path)) ?? null;

const initialExport: ExportState = {
  format: 'csv',
  includePatientNames: false,
  includeBlockouts: false,
  state: 'idle',
  jobId: null,
  progress: null,
  saved: null,
  error: null,
};

const initialReport: ReportState = { state: 'idle', jobId: null, progress: null, report: null, view: 'totals', error: null };

export const useReports = create<ReportsStore>()((set, get) => {
  const patchExp = (p: Partial<ExportState>) => set({ exp: { ...get().exp, ...p } });
  const patchRep = (p: Partial<ReportState>) => set({ rep: { ...get().rep, ...p } });

  /** Exports and reports both run as export jobs: each progress push goes to the job it names. */
  const onProgress = (p: ExportProgress): void => {
    const { exp, rep } = get();
    if (p.jobId === exp.jobId && exp.state === 'running') patchExp({ progress: p });
    else if (p.jobId === rep.jobId && rep.state === 'running') patchRep({ progress: p });
  };

  /** The scope as main wants it, checked with main's own schema first: errors appear at the field before anything is sent. */
  const checkedScope = (jobId: string) => {
    const { scope } = get();
    const input = {
      jobId,
      fromDate: scope.fromDate,
      toDate: scope.toDate,
      ...(scope.locationIds.length > 0 ? { locationIds: scope.locationIds } : {}),
      ...(scope.providerIds.length > 0 ? { providerIds: scope.providerIds } : {}),
    };
    const local = runReportInput.safeParse(input);
    if (!local.success) {
      set({ fieldErrors: fieldErrorsFrom(local.error, scopeField) });
      return null;
    }
    set({ fieldErrors: {} });
    return input;
  };

  /**
   * A refusal: VALIDATION issues go to their fields (and nowhere else); anything else is
   * returned for the form to show.
   */
  const refused = (error: AppErrorShape): AppErrorShape | null => {
    const fieldErrors = error.code === 'VALIDATION' ? fieldErrorsFrom(error, scopeField) : {};
    if (Object.keys(fieldErrors).length === 0) return error;
    set({ fieldErrors });
    return null;
  };

  return {
    // The dates wait for ensureRange: at load time "today" (main's clock, the clinic's zone) is not known yet.
    scope: { fromDate: '', toDate: '', locationIds: [], providerIds: [] },
    fieldErrors: {},
    exp: initialExport,
    rep: initialReport,

    ensureRange() {
      if (get().scope.fromDate === '' && get().scope.toDate === '') set({ scope: { ...get().scope, ...thisWeek() } });
    },

    setScope(patch) {
      const cleared = { ...get().fieldErrors };
      for (const k of Object.keys(patch) as Array<keyof FieldErrors>) delete cleared[k];
      // A changed range makes the shown report stale only when run again; keep it on screen.
      set({ scope: { ...get().scope, ...patch }, fieldErrors: cleared });
    },

    setExportOptions(patch) {
      patchExp({ ...patch, error: null });
    },

    async runExport() {
      const { exp } = get();
      if (exp.state === 'running' || exp.state === 'reading') return;
      const jobId = newJobId();
      const scope = checkedScope(jobId);
      if (!scope) return;
      if (exp.saved) URL.revokeObjectURL(exp.saved.url);
      patchExp({ state: 'running', jobId, progress: null, saved: null, error: null });
      const r = await withProgress('exports/progress', onProgress, () =>
        invoke('exports/run', {
          ...scope,
          format: exp.format,
          includePatientNames: exp.format !== 'ics' && exp.includePatientNames,
          includeBlockouts: exp.format === 'ics' && exp.includeBlockouts,
        }),
      );
      if (!r.ok) return patchExp({ state: 'idle', error: refused(r.error) });
      if (r.data.status === 'cancelled') return patchExp({ state: 'cancelled', progress: null });
      const file = r.data.file;
      patchExp({ state: 'reading' });
      const blob = await readExportFile(file);
      // The file was read (or cannot be): main removes its copy either way.
      void invoke('exports/discard', { jobId });
      if (!blob.ok) return patchExp({ state: 'idle', error: blob.error });
      patchExp({ state: 'done', saved: { file, url: URL.createObjectURL(blob.data) } });
    },

    async cancelExport() {
      const { jobId, state } = get().exp;
      if (jobId && state === 'running') await invoke('exports/cancel', { jobId });
    },

    async runReport() {
      const { rep } = get();
      if (rep.state === 'running') return;
      const jobId = newJobId();
      const scope = checkedScope(jobId);
      if (!scope) return;
      // The previous report's CSV is no longer offered.
      if (rep.report) void invoke('exports/discard', { jobId: rep.report.jobId });
      patchRep({ state: 'running', jobId, progress: null, error: null });
      const r = await withProgress('exports/progress', onProgress, () => invoke('reports/run', scope));
      if (!r.ok) return patchRep({ state: 'idle', report: null, error: refused(r.error) });
      if (r.data.status === 'cancelled') return patchRep({ state: 'cancelled', progress: null, report: null });
      patchRep({ state: 'done', report: r.data.report, progress: null });
    },

    async cancelReport() {
      const { jobId, state } = get().rep;
      if (jobId && state === 'running') await invoke('exports/cancel', { jobId });
    },

    setReportView(view) {
      patchRep({ view });
    },

    async reportCsv() {
      const report = get().rep.report;
      if (!report) return null;
      const blob = await readExportFile(report.file);
      if (!blob.ok) {
        patchRep({ error: blob.error });
        return null;
      }
      return blob.data;
    },
  };
});
