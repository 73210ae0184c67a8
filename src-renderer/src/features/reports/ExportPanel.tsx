import { useEffect, useId, useRef } from 'react';
import type { ExportFormat } from '@shared/domain/exports';
import { ProgressBar } from '../../components/ProgressBar';
import { useRevealed } from './reveal';
import { useReports } from './reports-store';
import { bytesText, count } from './format';

const FORMATS: Array<{ key: ExportFormat; label: string; hint: string }> = [
  { key: 'csv', label: 'Spreadsheet (CSV)', hint: 'One row per appointment, for Excel or another system.' },
  { key: 'ics', label: 'Calendar (iCalendar)', hint: 'Neutral “Appointment” events for Outlook, Google or Apple Calendar; never names.' },
  { key: 'pdf', label: 'Printable day sheets (PDF)', hint: 'One page per provider per day, readable in black and white.' },
];

/** The schedule export: format and options, Run, progress with Cancel, then a link that saves the file. */
export function ExportPanel() {
  const id = useId();
  const exp = useReports((s) => s.exp);
  const store = useReports.getState();
  const busy = exp.state === 'running' || exp.state === 'reading';
  const names = exp.format !== 'ics';

  return (
    <section className="rp-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="rp-h2">
        Export the schedule
      </h2>
      {exp.error && (
        <p className="rp-problem" role="alert">
          {exp.error.message}
        </p>
      )}
      <form
        className="rp-export"
        aria-label="Schedule export"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void store.runExport();
        }}
      >
        <fieldset className="rp-field" disabled={busy}>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.key} className="rp-check rp-check--block">
              <input
                type="radio"
                name={`${id}-format`}
                checked={exp.format === f.key}
                onChange={() => store.setExportOptions({ format: f.key })}
                aria-describedby={`${id}-${f.key}-hint`}
              />
              <span>
                {f.label}
                <span id={`${id}-${f.key}-hint`} className="rp-hint rp-hint--block">
                  {f.hint}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="rp-field" disabled={busy}>
          <legend>Options</legend>
          {names ? (
            <label className="rp-check rp-check--block">
              <input
                type="checkbox"
                checked={exp.includePatientNames}
                onChange={(e) => store.setExportOptions({ includePatientNames: e.target.checked })}
                aria-describedby={`${id}-names-hint`}
              />
              <span>
                Include patient names and phone numbers
                <span id={`${id}-names-hint`} className="rp-hint rp-hint--block">
                  This puts protected health information in the file; keep it safe. The export is recorded in the audit trail.
                </span>
              </span>
            </label>
          ) : (
            <label className="rp-check rp-check--block">
              <input
                type="checkbox"
                checked={exp.includeBlockouts}
                onChange={(e) => store.setExportOptions({ includeBlockouts: e.target.checked })}
                aria-describedby={`${id}-blockouts-hint`}
              />
              <span>
                Include blockouts
                <span id={`${id}-blockouts-hint`} className="rp-hint rp-hint--block">
                  As “Unavailable” events; their reasons stay in the clinic.
                </span>
              </span>
            </label>
          )}
        </fieldset>
        <div className="rp-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Export
          </button>
        </div>
      </form>
      {busy && <ExportProgressBox />}
      {exp.state === 'cancelled' && (
        <p className="rp-note" role="status">
          Export cancelled. No file was made.
        </p>
      )}
      {exp.state === 'done' && exp.saved && <SavedFile />}
    </section>
  );
}

function ExportProgressBox() {
  const box = useRevealed<HTMLDivElement>();
  const exp = useReports((s) => s.exp);
  const p = exp.progress;
  const text =
    exp.state === 'reading'
      ? 'Preparing the file…'
      : p && p.total > 0
        ? `Writing ${count(p.done)} of ${count(p.total)} appointments…`
        : 'Starting the export…';
  return (
    <div className="rp-progress" ref={box}>
      <p aria-live="polite">{text}</p>
      <ProgressBar value={exp.state === 'reading' ? 1 : (p?.done ?? 0)} max={exp.state === 'reading' ? 1 : (p?.total ?? 1)} label="Export progress" />
      <button type="button" className="button" disabled={exp.state !== 'running'} onClick={() => void useReports.getState().cancelExport()}>
        Cancel export
      </button>
    </div>
  );
}

/** What an export's `rows` count, by file type. */
const UNIT: Record<string, [string, string]> = {
  'text/csv': ['appointment', 'appointments'],
  'text/calendar': ['calendar event', 'calendar events'],
  'application/pdf': ['page', 'pages'],
};

function SavedFile() {
  const saved = useReports((s) => s.exp.saved)!;
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    link.current?.focus();
  }, [saved.url]);
  const { file } = saved;
  const unit = UNIT[file.mime] ?? ['entry', 'entries'];
  const what = `${count(file.rows)} ${file.rows === 1 ? unit[0] : unit[1]}`;
  return (
    <div className="rp-saved" role="status">
      <p>
        The export is ready: {what}, {bytesText(file.bytes)}.
      </p>
      <a ref={link} className="button button--primary rp-saved__link" href={saved.url} download={file.fileName}>
        Save {file.fileName}
      </a>
    </div>
  );
}
