import { create } from 'zustand';
import type { AuditVerifyDto } from '@shared/domain/audit';
import type { AppErrorShape } from '@shared/domain/errors';
import { fieldErrors, type FieldErrors } from '@shared/domain/field-errors';
import type { PatientId, StaffId } from '@shared/domain/ids';
import { auditFilter, type AuditFilter } from '@shared/schemas/audit';
import { addDays, instantOfWall, isValidLocalDate } from '@shared/time';
import { invoke, liveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { todayInClinic } from '../../stores/day';
import { notifyError } from '../../stores/notices';

/**
 * The manager's audit viewer: the filters as typed (draft), the filter the
 * table shows (applied), the page cursors, and the two one-off jobs (verify
 * the chain, export the filtered rows as CSV). Rows are a live query.
 */
export const AUDIT_PAGE_SIZE = 50;

export interface PatientChoice {
  id: PatientId;
  name: string;
}

interface AuditDraft {
  patient: PatientChoice | null;
  staffId: StaffId | '';
  action: string;
  /** Local dates in the clinic's zone, both days included; '' = open. */
  fromDate: string;
  toDate: string;
}

export type DraftField = 'patient' | 'staffId' | 'action' | 'fromDate' | 'toDate';

type JobStatus = 'idle' | 'working' | 'done' | 'failed';

interface AuditState {
  draft: AuditDraft;
  errors: FieldErrors<DraftField>;
  /** What the table shows: null until the section first applies the filters. */
  applied: AuditFilter | null;
  /** `before` of each page shown so far; the last is the current page (undefined: the newest). */
  cursors: Array<number | undefined>;
  verify: { status: JobStatus; result: AuditVerifyDto | null; error: AppErrorShape | null };
  exporting: { status: JobStatus; rows: number; error: AppErrorShape | null };

  setDraft(patch: Partial<AuditDraft>): void;
  /** Checks the draft and shows its first page; false when a field is wrong. */
  apply(): boolean;
  /** Today's rows of everyone: what the section opens with. */
  start(): void;
  older(before: number): void;
  newer(): void;
  runVerify(): Promise<void>;
  /** The applied filter's rows as one CSV Blob (read in slices); null after a refusal (shown on screen). */
  exportCsv(): Promise<{ blob: Blob; fileName: string } | null>;
}

/** The table's rows; there is no push for new audit rows, so it reads on demand (Refresh). */
export const auditRows = liveQuery('audit/query', { onError: notifyError });

const clinicZone = (): string => useAppStatus.getState().status?.clinic?.zone ?? 'UTC';

/** Maps the schema's names back to the form's (the end date carries the "end after start" rule). */
const fieldOfPath = (path: string): DraftField | null => {
  const head = path.split('.')[0];
  if (head === 'from') return 'fromDate';
  if (head === 'to') return 'toDate';
  if (head === 'patientId') return 'patient';
  return head === 'staffId' || head === 'action' ? head : null;
};

/** The draft as the contract's filter: whole days in the clinic's zone, the end day included. */
function filterOf(d: AuditDraft): { filter: AuditFilter } | { errors: FieldErrors<DraftField> } {
  const errors: FieldErrors<DraftField> = {};
  if (d.fromDate && !isValidLocalDate(d.fromDate)) errors.fromDate = 'Choose a start date.';
  if (d.toDate && !isValidLocalDate(d.toDate)) errors.toDate = 'Choose an end date.';
  if (Object.keys(errors).length > 0) return { errors };
  const zone = clinicZone();
  const parsed = auditFilter.safeParse({
    patientId: d.patient?.id,
    staffId: d.staffId || undefined,
    action: d.action || undefined,
    from: d.fromDate ? instantOfWall(zone, d.fromDate, 0) : undefined,
    to: d.toDate ? instantOfWall(zone, addDays(d.toDate, 1), 0) : undefined,
  });
  return parsed.success ? { filter: parsed.data } : { errors: fieldErrors(parsed.error, fieldOfPath) };
}

const readPage = (filter: AuditFilter, before: number | undefined): void =>
  void auditRows.setInput({ filter, limit: AUDIT_PAGE_SIZE, ...(before !== undefined ? { before } : {}) });

export const useAudit = create<AuditState>()((set, get) => ({
  draft: { patient: null, staffId: '', action: '', fromDate: '', toDate: '' },
  errors: {},
  applied: null,
  cursors: [undefined],
  verify: { status: 'idle', result: null, error: null },
  exporting: { status: 'idle', rows: 0, error: null },

  setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  apply() {
    const r = filterOf(get().draft);
    if ('errors' in r) {
      set({ errors: r.errors });
      return false;
    }
    set({ errors: {}, applied: r.filter, cursors: [undefined], exporting: { status: 'idle', rows: 0, error: null } });
    readPage(r.filter, undefined);
    return true;
  },
  start() {
    if (get().applied !== null) return;
    const today = todayInClinic();
    set((s) => ({ draft: { ...s.draft, fromDate: today, toDate: today } }));
    get().apply();
  },
  older(before) {
    const { applied, cursors } = get();
    if (!applied) return;
    set({ cursors: [...cursors, before] });
    readPage(applied, before);
  },
  newer() {
    const { applied, cursors } = get();
    if (!applied || cursors.length < 2) return;
    const back = cursors.slice(0, -1);
    set({ cursors: back });
    readPage(applied, back[back.length - 1]);
  },
  async runVerify() {
    set({ verify: { status: 'working', result: null, error: null } });
    const r = await invoke('audit/verify', {});
    set({ verify: r.ok ? { status: 'done', result: r.data, error: null } : { status: 'failed', result: null, error: r.error } });
  },
  async exportCsv() {
    const filter = get().applied;
    if (!filter) return null;
    set({ exporting: { status: 'working', rows: 0, error: null } });
    const parts: string[] = [];
    let fileName = 'frontdesk-audit.csv';
    let rows = 0;
    for (let offset: number | null = 0; offset !== null; ) {
      const r: Awaited<ReturnType<typeof invoke<'audit/export-csv'>>> = await invoke('audit/export-csv', { filter, offset });
      if (!r.ok) {
        set({ exporting: { status: 'failed', rows, error: r.error } });
        return null;
      }
      parts.push(r.data.text);
      fileName = r.data.fileName;
      rows += r.data.rows;
      offset = r.data.nextOffset;
      set({ exporting: { status: 'working', rows, error: null } });
    }
    set({ exporting: { status: 'done', rows, error: null } });
    return { blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), fileName };
  },
}));
