import { useEffect, useId, useRef, useState } from 'react';
import { LATE_CANCEL_HOURS, type ReportDto, type ReportRow } from '@shared/domain/exports';
import { ProgressBar } from '../../components/ProgressBar';
import { useRevealed } from './reveal';
import { saveBlob } from './export-file';
import { count, dayText, hours, percent } from './format';
import { useReports, type ReportView } from './reports-store';
import { UtilizationChart } from './UtilizationChart';

const VIEWS: Array<{ key: ReportView; label: string }> = [
  { key: 'totals', label: 'Whole range' },
  { key: 'weekly', label: 'Per week' },
  { key: 'daily', label: 'Per day' },
];

/** Per-provider tables above this many rows start folded (a year per day is thousands). */
const OPEN_ROWS_LIMIT = 120;

/** The provider report: Run, progress with Cancel, a utilization chart and tables per provider. */
export function ReportPanel() {
  const id = useId();
  const rep = useReports((s) => s.rep);
  const store = useReports.getState();
  return (
    <section className="rp-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="rp-h2">
        Provider report
      </h2>
      <p className="rp-hint">
        Utilization is booked time over opening hours (no-shows count as booked). A late cancel is one made less than {LATE_CANCEL_HOURS}{' '}
        hours before the visit. A new patient is one whose first visit ever falls in the range.
      </p>
      {rep.error && (
        <p className="rp-problem" role="alert">
          {rep.error.message}
        </p>
      )}
      <div className="rp-actions">
        <button type="button" className="button button--primary" disabled={rep.state === 'running'} onClick={() => void store.runReport()}>
          Run the report
        </button>
      </div>
      {rep.state === 'running' && <ReportProgressBox />}
      {rep.state === 'cancelled' && (
        <p className="rp-note" role="status">
          Report cancelled.
        </p>
      )}
      {rep.state === 'done' && rep.report && <ReportResult report={rep.report} view={rep.view} />}
    </section>
  );
}

function ReportProgressBox() {
  const box = useRevealed<HTMLDivElement>();
  const progress = useReports((s) => s.rep.progress);
  return (
    <div className="rp-progress" ref={box}>
      <p aria-live="polite">Counting visits and opening hours…</p>
      <ProgressBar value={progress?.done ?? 0} max={progress?.total ?? 1} label="Report progress" />
      <button type="button" className="button" onClick={() => void useReports.getState().cancelReport()}>
        Cancel report
      </button>
    </div>
  );
}

function ReportResult({ report, view }: { report: ReportDto; view: ReportView }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [report.jobId]);
  const download = async () => {
    const blob = await useReports.getState().reportCsv();
    if (blob) saveBlob(blob, report.file.fileName);
  };
  const range = report.fromDate === report.toDate ? dayText(report.fromDate) : `${dayText(report.fromDate)} – ${dayText(report.toDate)}`;
  return (
    <section className="rp-result" aria-labelledby={`${id}-h`}>
      <div className="rp-result__head">
        <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>
          {range}
        </h3>
        <button type="button" className="button" onClick={() => void download()}>
          Download CSV
        </button>
      </div>
      {report.totals.length === 0 ? (
        <p className="rp-note">No provider had opening hours or visits in this range.</p>
      ) : (
        <>
          <UtilizationChart rows={report.totals} />
          <div className="rp-views" role="radiogroup" aria-label="Show">
            {VIEWS.map((v) => (
              <label key={v.key} className={`rp-view${v.key === view ? ' rp-view--on' : ''}`}>
                <input type="radio" name={`${id}-view`} checked={v.key === view} onChange={() => useReports.getState().setReportView(v.key)} />
                {v.label}
              </label>
            ))}
          </div>
          {view === 'totals' ? <TotalsTable rows={report.totals} /> : <PerProviderTables rows={view === 'weekly' ? report.weekly : report.daily} view={view} />}
        </>
      )}
    </section>
  );
}

const COLUMNS = ['Open', 'Booked', 'Utilization', 'Visits', 'No-shows', 'No-show rate', 'Cancellations', 'Late cancels', 'Late-cancel rate', 'New patients'];

function Cells({ r }: { r: ReportRow }) {
  return (
    <>
      <td className="rp-num">{hours(r.openMin)}</td>
      <td className="rp-num">{hours(r.bookedMin)}</td>
      <td className="rp-num">{percent(r.utilization)}</td>
      <td className="rp-num">{count(r.visits)}</td>
      <td className="rp-num">{count(r.noShows)}</td>
      <td className="rp-num">{percent(r.noShowRate)}</td>
      <td className="rp-num">{count(r.cancellations)}</td>
      <td className="rp-num">{count(r.lateCancels)}</td>
      <td className="rp-num">{percent(r.lateCancelRate)}</td>
      <td className="rp-num">{count(r.newPatients)}</td>
    </>
  );
}

/** The column headings of every report table: what the rows are, then the counts. */
function HeadRow({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {COLUMNS.map((c) => (
          <th key={c} scope="col" className="rp-num">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function TotalsTable({ rows }: { rows: ReportRow[] }) {
  return (
    <div className="rp-table-wrap" role="region" aria-label="Totals per provider" tabIndex={0}>
      <table className="rp-table">
        <caption>Totals per provider</caption>
        <HeadRow first="Provider" />
        <tbody>
          {rows.map((r) => (
            <tr key={r.providerId}>
              <th scope="row">{r.providerName}</th>
              <Cells r={r} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PerProviderTables({ rows, view }: { rows: ReportRow[]; view: 'weekly' | 'daily' }) {
  const byProvider = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const list = byProvider.get(r.providerId);
    if (list) list.push(r);
    else byProvider.set(r.providerId, [r]);
  }
  const groups = [...byProvider.values()].sort((a, b) => a[0]!.providerName.localeCompare(b[0]!.providerName));
  const open = rows.length <= OPEN_ROWS_LIMIT;
  return (
    <div className="rp-groups">
      {groups.map((g) => (
        <ProviderGroup key={`${view}-${g[0]!.providerId}`} rows={g} view={view} initiallyOpen={open} />
      ))}
    </div>
  );
}

/** One provider's periods, folded or not; a folded table is not rendered (a year per day is thousands of rows). */
function ProviderGroup({ rows, view, initiallyOpen }: { rows: ReportRow[]; view: 'weekly' | 'daily'; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const name = rows[0]!.providerName;
  const unit = view === 'weekly' ? (rows.length === 1 ? 'week' : 'weeks') : rows.length === 1 ? 'day' : 'days';
  return (
    <details className="rp-group" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {name}{' '}
        <span className="rp-hint">
          ({rows.length} {unit})
        </span>
      </summary>
      {open && (
        <div className="rp-table-wrap">
          <table className="rp-table">
            <caption className="visually-hidden">
              {name}, {view === 'weekly' ? 'per week' : 'per day'}
            </caption>
            <HeadRow first={view === 'weekly' ? 'Week of' : 'Day'} />
            <tbody>
              {rows.map((r) => (
                <tr key={r.period}>
                  <th scope="row">{dayText(r.period)}</th>
                  <Cells r={r} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
