import { useEffect, useId, useRef, type ChangeEvent } from 'react';
import type { ImportSummary } from '@shared/domain/import';
import { ProgressBar } from '../../components/ProgressBar';
import { usePatientImport } from './import-store';
import { MappingForm } from './MappingForm';
import { columnMarks } from './mapping-fields';
import './patient-import.css';

const PHASE_TEXT: Record<string, string> = {
  reading: 'Reading the file…',
  checking: 'Checking every row…',
  writing: 'Saving patients…',
  indexing: 'Making them searchable…',
  done: 'Finishing…',
};

const n = (x: number): string => x.toLocaleString('en-US');

/** The patient-import screen of the Set-up section (manager). */
export function PatientImport() {
  const step = usePatientImport((s) => s.step);
  const error = usePatientImport((s) => s.error);
  const cancelled = usePatientImport((s) => s.cancelled);
  return (
    <section className="pi" aria-labelledby="pi-title">
      <h2 id="pi-title" className="su-title">
        Import patients
      </h2>
      <p className="su-lead">
        Bring the patient list from another practice system as a CSV file. You map its columns and check it; then the rows
        that pass are imported together. Rows with problems are left out and listed with the reason: download them, fix
        them, and import that file the same way.
      </p>
      {error && (
        <p className="su-problem" role="alert">
          {error.message}
        </p>
      )}
      {cancelled && (
        <p className="su-note" role="status">
          Cancelled. Nothing was imported.
        </p>
      )}
      {step === 'choose' ? <FileChooser /> : <FileFlow />}
    </section>
  );
}

function FileChooser() {
  const id = useId();
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void usePatientImport.getState().chooseFile(file);
  };
  return (
    <div className="su-field pi-file">
      <label htmlFor={`${id}-file`}>CSV file exported from the old system</label>
      <input id={`${id}-file`} type="file" accept=".csv,.txt,text/csv" onChange={onChange} />
      <span className="su-hint">One patient per line, with a header line naming the columns.</span>
    </div>
  );
}

function FileFlow() {
  const s = usePatientImport();
  if (s.step === 'uploading') {
    return (
      <div className="pi-progress">
        <p>Reading {s.fileName}…</p>
        <ProgressBar value={s.uploaded.done} max={s.uploaded.total} label="Uploading the file" />
      </div>
    );
  }
  const busy = s.step === 'checking' || s.step === 'importing';
  return (
    <>
      <div className="pi-file-line">
        <span>
          File: <strong>{s.fileName}</strong>
        </span>
        <button type="button" className="button" onClick={() => void s.reset()} disabled={busy}>
          Choose another file
        </button>
      </div>
      {s.step !== 'done' && <MappingForm disabled={busy || s.step === 'checked'} />}
      {s.step !== 'done' && <PreviewTable />}
      {s.step === 'mapping' && (
        <div className="su-actions">
          <button type="button" className="button button--primary" onClick={() => void s.check()}>
            Check the file
          </button>
        </div>
      )}
      {busy && <RunProgress />}
      {s.step === 'checked' && s.summary && <CheckResult summary={s.summary} />}
      {s.step === 'done' && s.summary && <DoneResult summary={s.summary} />}
    </>
  );
}

function PreviewTable() {
  const preview = usePatientImport((s) => s.preview);
  const mapping = usePatientImport((s) => s.mapping);
  if (!preview || !mapping) return null;
  const used = columnMarks(mapping);
  return (
    <div className="pi-preview" tabIndex={0} role="region" aria-label="First rows of the file">
      <table className="su-table">
        <caption>First {preview.rows.length} rows of the file</caption>
        <thead>
          <tr>
            {preview.headers.map((h, i) => (
              <th key={i} scope="col" data-used={used.has(i) ? 'true' : undefined}>
                {h || `Column ${i + 1}`}
                {used.has(i) && <span className="pi-preview__as">→ {used.get(i)}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r, ri) => (
            <tr key={ri}>
              {preview.headers.map((_, ci) => (
                <td key={ci}>{r[ci] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunProgress() {
  const progress = usePatientImport((s) => s.progress);
  const step = usePatientImport((s) => s.step);
  const label = step === 'importing' ? 'Import progress' : 'Check progress';
  return (
    <div className="pi-progress">
      <p aria-live="polite">{PHASE_TEXT[progress?.phase ?? 'reading']}</p>
      <ProgressBar value={progress?.done ?? 0} max={progress?.total ?? 1} label={label} />
      <button type="button" className="button" onClick={() => void usePatientImport.getState().cancel()}>
        Cancel
      </button>
    </div>
  );
}

function Counts({ summary }: { summary: ImportSummary }) {
  return (
    <dl className="pi-counts">
      <div>
        <dt>Rows in the file</dt>
        <dd>{n(summary.rows)}</dd>
      </div>
      <div>
        <dt>{summary.mode === 'import' ? 'Imported' : 'Ready to import'}</dt>
        <dd>{n(summary.mode === 'import' ? summary.imported : summary.ready)}</dd>
      </div>
      <div>
        <dt>Rows with problems</dt>
        <dd>{n(summary.invalid)}</dd>
      </div>
      <div>
        <dt>Look like registered patients</dt>
        <dd>{n(summary.duplicatesOfExisting)}</dd>
      </div>
      <div>
        <dt>Repeat an earlier row</dt>
        <dd>{n(summary.duplicatesInFile)}</dd>
      </div>
      {summary.warnings > 0 && (
        <div>
          <dt>Without a family link</dt>
          <dd>{n(summary.warnings)}</dd>
        </div>
      )}
    </dl>
  );
}

function RowsToFixButton({ summary }: { summary: ImportSummary }) {
  const fileName = usePatientImport((s) => s.fileName);
  if (summary.leftOutRows === 0) return null;
  const download = async () => {
    const text = await usePatientImport.getState().reportText();
    if (text === null) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${fileName.replace(/\.[^.]*$/, '') || 'patients'}-rows-to-fix.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" className="button" onClick={() => void download()}>
      Download the {n(summary.leftOutRows)} {summary.leftOutRows === 1 ? 'row' : 'rows'} to fix (CSV)
    </button>
  );
}

/** What happens to the rows, in words that match what the import does. */
function LeftOutNote({ summary, importing }: { summary: ImportSummary; importing: number }) {
  if (summary.leftOutRows === 0) return null;
  const rows = `${n(summary.leftOutRows)} ${summary.leftOutRows === 1 ? 'row' : 'rows'}`;
  return summary.mode === 'check' ? (
    <p className="pi-note">
      Importing adds the {n(importing)} {importing === 1 ? 'patient' : 'patients'} that passed. The other {rows} will be left
      out. Download them, fix them in a spreadsheet (the last column says why each was left out), and import that file.
    </p>
  ) : (
    <p className="pi-note">
      {rows} {summary.leftOutRows === 1 ? 'was' : 'were'} left out. Download them, fix them in a spreadsheet (the last column
      says why), and import that file.
    </p>
  );
}

/** Rows that import without a link they name: what happens, and where to finish the job. */
function UnlinkedNote({ summary }: { summary: ImportSummary }) {
  if (summary.warnings === 0) return null;
  const rows = `${n(summary.warnings)} ${summary.warnings === 1 ? 'row' : 'rows'}`;
  return (
    <p className="pi-note">
      {rows} {summary.mode === 'check' ? 'will be' : summary.warnings === 1 ? 'was' : 'were'}{' '}
      imported without the responsible person or household {summary.warnings === 1 ? 'it names' : 'they name'} (listed with
      the reason). Link them from the patient’s panel once the import is done.
    </p>
  );
}

function ProblemList({ summary }: { summary: ImportSummary }) {
  if (summary.problems.length === 0) return null;
  return (
    <div className="pi-problems" tabIndex={0} role="region" aria-label="Problems found">
      <table className="su-table">
        <caption>
          {summary.reportLines > summary.problems.length
            ? `The first ${summary.problems.length} of ${n(summary.reportLines)} problems`
            : 'Problems found'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {summary.problems.map((p, i) => (
            <tr key={i} data-kind={p.kind}>
              <td>{p.line}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A result appears below the mapping: bring it into view and move focus to its heading. */
function useRevealHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus();
  }, []);
  return ref;
}

function CheckResult({ summary }: { summary: ImportSummary }) {
  const id = useId();
  const heading = useRevealHeading();
  const duplicates = usePatientImport((s) => s.duplicates);
  const lookAlikes = summary.duplicatesOfExisting + summary.duplicatesInFile;
  const count = duplicates === 'skip' ? summary.ready : summary.ready + lookAlikes;
  return (
    <section className="pi-result" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>
        The file is checked
      </h3>
      <Counts summary={summary} />
      <ProblemList summary={summary} />
      <UnlinkedNote summary={summary} />
      <LeftOutNote summary={{ ...summary, leftOutRows: duplicates === 'skip' ? summary.leftOutRows : summary.invalid }} importing={count} />
      {lookAlikes > 0 && (
        <fieldset className="su-field">
          <legend>Rows that look like someone already on the list</legend>
          <label className="su-radio">
            <input type="radio" name={`${id}-dup`} checked={duplicates === 'skip'} onChange={() => usePatientImport.getState().setDuplicates('skip')} />
            Leave them out (recommended)
          </label>
          <label className="su-radio">
            <input type="radio" name={`${id}-dup`} checked={duplicates === 'import'} onChange={() => usePatientImport.getState().setDuplicates('import')} />
            Import them anyway
          </label>
        </fieldset>
      )}
      <div className="su-actions">
        <RowsToFixButton summary={summary} />
        <button type="button" className="button" onClick={() => usePatientImport.getState().setMapping({})}>
          Change the columns
        </button>
        <button type="button" className="button button--primary" disabled={count === 0} onClick={() => void usePatientImport.getState().run()}>
          Import {n(count)} {count === 1 ? 'patient' : 'patients'}
        </button>
      </div>
    </section>
  );
}

function DoneResult({ summary }: { summary: ImportSummary }) {
  const heading = useRevealHeading();
  return (
    <section className="pi-result" aria-labelledby="pi-done">
      <h3 id="pi-done" ref={heading} tabIndex={-1}>
        Imported {n(summary.imported)} {summary.imported === 1 ? 'patient' : 'patients'}
      </h3>
      <p className="su-lead">They can be found in the patient search now. The import is recorded in the audit trail.</p>
      <Counts summary={summary} />
      <ProblemList summary={summary} />
      <UnlinkedNote summary={summary} />
      <LeftOutNote summary={summary} importing={summary.imported} />
      <div className="su-actions">
        <RowsToFixButton summary={summary} />
        <button type="button" className="button button--primary" onClick={() => void usePatientImport.getState().reset()}>
          Import another file
        </button>
      </div>
    </section>
  );
}
