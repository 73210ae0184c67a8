import './audit.css';
import { useEffect, useId, type FormEvent } from 'react';
import type { AuditRowDto } from '@shared/domain/audit';
import type { StaffDto } from '@shared/domain/staff';
import type { StaffId } from '@shared/domain/ids';
import { Field } from '../../components/Field';
import { useLiveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { followStaffList, staffList } from '../../stores/staff-list';
import { saveBlob } from '../reports';
import { PatientFilter } from './PatientFilter';
import { ACTION_CHOICES, actionText, shortDevice, verifyText, whatText } from './audit-words';
import { auditRows, useAudit } from './audit-store';
import { HubCopyCheck } from './HubCopy';

const NO_STAFF: readonly StaffDto[] = [];
const NO_ROWS: readonly AuditRowDto[] = [];

const useClinicZone = (): string => useAppStatus((s) => s.status?.clinic?.zone ?? 'UTC');

/**
 * The manager's audit viewer: who did what, when and at which desk, filtered by
 * patient, staff member, action and days; checks the trail's chain and exports
 * the filtered rows as CSV (the export is itself recorded).
 */
export function AuditSection() {
  useEffect(() => {
    const stopStaff = followStaffList();
    useAudit.getState().start();
    return stopStaff;
  }, []);
  return (
    <div className="au">
      <header className="au-head">
        <div>
          <h1 className="au-title">Audit trail</h1>
          <p className="au-lead">Who viewed or changed what, at which desk. “Verify the trail” proves no entry was changed or removed.</p>
        </div>
        <VerifyButton />
      </header>
      <VerifyResult />
      <HubCopyCheck />
      <AuditFilters />
      <AuditTable />
    </div>
  );
}

function AuditFilters() {
  const draft = useAudit((s) => s.draft);
  const errors = useAudit((s) => s.errors);
  const staff = useLiveQuery(staffList, (s) => s.data ?? NO_STAFF);
  const { setDraft, apply } = useAudit.getState();
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    apply();
  };
  return (
    <form className="au-filters" aria-label="Audit filters" noValidate onSubmit={onSubmit}>
      <PatientFilter value={draft.patient} error={errors.patient} onChange={(patient) => setDraft({ patient })} />
      <Field label="Staff member" error={errors.staffId}>
        <select value={draft.staffId} onChange={(e) => setDraft({ staffId: e.target.value as StaffId | '' })}>
          <option value="">Anyone</option>
          {staff.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.active ? '' : ' (no longer active)'}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Action" error={errors.action}>
        <select value={draft.action} onChange={(e) => setDraft({ action: e.target.value })}>
          {ACTION_CHOICES.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="From" error={errors.fromDate}>
        <input type="date" value={draft.fromDate} onChange={(e) => setDraft({ fromDate: e.target.value })} />
      </Field>
      <Field label="To" error={errors.toDate}>
        <input type="date" value={draft.toDate} onChange={(e) => setDraft({ toDate: e.target.value })} />
      </Field>
      <div className="au-filters__go">
        <button type="submit" className="button button--primary">
          Show
        </button>
      </div>
    </form>
  );
}

function AuditTable() {
  const id = useId();
  const tf = useTimeFormatter();
  const zone = useClinicZone();
  const rows = useLiveQuery(auditRows, (s) => s.data?.rows ?? NO_ROWS);
  const nextBefore = useLiveQuery(auditRows, (s) => s.data?.nextBefore ?? null);
  const status = useLiveQuery(auditRows, (s) => s.status);
  const page = useAudit((s) => s.cursors.length);
  const exporting = useAudit((s) => s.exporting);
  const { older, newer } = useAudit.getState();
  const exportCsv = async (): Promise<void> => {
    const file = await useAudit.getState().exportCsv();
    if (file) saveBlob(file.blob, file.fileName);
  };
  return (
    <section className="au-results" aria-labelledby={`${id}-h`}>
      <div className="au-results__bar">
        <h2 id={`${id}-h`} className="au-h2">
          Entries {page > 1 ? `(page ${page})` : ''}
        </h2>
        <span className="au-muted" role="status">
          {status === 'loading' ? 'Reading…' : exporting.status === 'working' ? `Exporting… ${exporting.rows.toLocaleString('en-US')} rows` : exporting.status === 'done' ? `Exported ${exporting.rows.toLocaleString('en-US')} rows.` : ''}
        </span>
        <div className="au-results__actions">
          <button type="button" className="button" onClick={() => void auditRows.reload()}>
            Refresh
          </button>
          <button type="button" className="button" disabled={exporting.status === 'working' || rows.length === 0} onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
      </div>
      {exporting.error && (
        <p className="au-problem" role="alert">
          {exporting.error.message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="au-empty">{status === 'loading' ? 'Reading the trail…' : 'No entries match these filters.'}</p>
      ) : (
        <div className="au-table-wrap">
          <table className="au-table" data-state={status}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Desk</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} data-seq={r.seq}>
                  <td className="au-nowrap">{tf.shortDateTime(zone, r.at)}</td>
                  <td>{r.staffName ?? <span className="au-muted">The desk itself</span>}</td>
                  <td className="au-muted" title={r.device}>
                    {shortDevice(r.device)}
                  </td>
                  <td>{actionText(r.action)}</td>
                  <td>{whatText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="au-pager" aria-label="Pages">
        <button type="button" className="button" disabled={page < 2} onClick={newer}>
          ← Newer
        </button>
        <button type="button" className="button" disabled={nextBefore === null} onClick={() => nextBefore !== null && older(nextBefore)}>
          Older →
        </button>
      </nav>
    </section>
  );
}

function VerifyButton() {
  const working = useAudit((s) => s.verify.status === 'working');
  return (
    <button type="button" className="button" disabled={working} onClick={() => void useAudit.getState().runVerify()}>
      {working ? 'Checking the trail…' : 'Verify the trail'}
    </button>
  );
}

/** The chain check's answer in words, under the heading until the next check. */
function VerifyResult() {
  const tf = useTimeFormatter();
  const zone = useClinicZone();
  const verify = useAudit((s) => s.verify);
  const tone = verify.result ? (verify.result.intact ? 'au-verify--ok' : 'au-verify--broken') : verify.error ? 'au-verify--broken' : '';
  const text = verify.result ? verifyText(verify.result, (t) => tf.dateTime(zone, t)) : (verify.error?.message ?? '');
  return (
    <p className={`au-verify ${tone}`} role="status">
      {text}
    </p>
  );
}
