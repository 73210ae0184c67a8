import { useEffect, useState, type FormEvent } from 'react';
import { EHR_SYNC_MODES, type EhrAuthKind, type EhrSettingsDto, type EhrSyncMode, type EhrTestReportDto } from '@shared/domain/ehr';
import type { AppErrorShape } from '@shared/domain/errors';
import { fieldErrors as fieldErrorsOf, wholePath, type FieldErrors } from '@shared/domain/field-errors';
import type { EhrConnectionInput } from '@shared/schemas/ehr';
import { useLiveQuery } from '@renderer/api';
import { Field } from '@renderer/components/Field';
import { useAppStatus } from '@renderer/stores/app-status';
import { useTimeFormatter } from '@renderer/stores/clinic-setup';
import { ehrSettings, makeEhrKey, removeEhr, saveEhr, sendEhrNow, testEhr } from './ehr-store';
import { EhrMappings } from './EhrMappings';
import { EhrBundleExport } from './EhrBundleExport';
import './ehr.css';
import { ConnectionActions } from '../ConnectionActions';

/**
 * Sync › EHR (managers): the clinic's EHR as a FHIR R4 server — where it is,
 * how the desk signs in (SMART Backend Services with a key made here, a
 * bearer token or basic auth), the sync mode, "Test connection" in plain
 * words, the state of what is sent and read, the mappings, and a few days of
 * visits as a FHIR file.
 */
const MODE_WORDS: Record<EhrSyncMode, string> = {
  realtime: 'Real-time: each visit change is sent as it happens; the EHR’s bookings are read every minute.',
  batch: 'Batch: visit changes are sent every few minutes, and the EHR’s bookings read as often.',
  hybrid: 'Hybrid: visit changes are sent as they happen; the EHR’s bookings are read every few minutes.',
};
const AUTH_WORDS: Record<EhrAuthKind, string> = {
  smart: 'SMART Backend Services (a key made on this desk)',
  bearer: 'Access token',
  basic: 'User name and password',
};

export function EhrConnection() {
  const settings = useLiveQuery(ehrSettings, (s) => s.data);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    void ehrSettings.setInput({}, { force: true });
    return ehrSettings.follow();
  }, []);
  return (
    <section className="ehr" aria-labelledby="ehr-title">
      <div className="pcal__head">
        <h3 id="ehr-title">EHR (FHIR)</h3>
        {settings?.connected && (
          <button type="button" className="button" onClick={() => void sendEhrNow()}>
            Send and read now
          </button>
        )}
      </div>
      <p className="su-hint">
        Connect the clinic’s record system (a FHIR R4 server) and every visit goes there as an Appointment — patient, provider, location and room,
        type, times and status; never a cancellation reason, and the visit’s note only if you turn it on. The EHR’s own bookings are kept free here.
      </p>
      {settings && <EhrStatus settings={settings} />}
      {settings && (editing || !settings.connected ? <EhrForm settings={settings} onClose={() => setEditing(false)} /> : <EhrSummary settings={settings} onEdit={() => setEditing(true)} />)}
      {settings?.connected && <EhrMappings />}
      <EhrBundleExport />
    </section>
  );
}

function EhrStatus({ settings: { connected, status: s } }: { settings: EhrSettingsDto }) {
  const tf = useTimeFormatter();
  const zone = useAppStatus((a) => a.status?.clinic?.zone) ?? 'UTC';
  if (!connected) return <p className="sync-empty">No EHR connected.</p>;
  const at = (t: number | null) => (t === null ? 'not yet' : tf.dateTime(zone, t));
  return (
    <dl className="pcal__facts ehr__facts">
      <div>
        <dt>Visits last sent</dt>
        <dd>
          {at(s.lastPushAt)}
          {s.pending > 0 && ` · ${s.pending} waiting`}
        </dd>
      </div>
      <div>
        <dt>EHR bookings last read</dt>
        <dd>
          {at(s.lastPullAt)} · {s.busyCount} busy {s.busyCount === 1 ? 'stretch' : 'stretches'} ahead
        </dd>
      </div>
      <div>
        <dt>Waiting for a mapping</dt>
        <dd>{s.needsMapping === 0 ? 'none' : `${s.needsMapping} ${s.needsMapping === 1 ? 'visit' : 'visits'}`}</dd>
      </div>
      <div>
        <dt>Refused or failing</dt>
        <dd>{s.conflicts + s.attention === 0 ? 'none' : `${s.conflicts + s.attention} (see “Visits the EHR refused”)`}</dd>
      </div>
      {s.problem && (
        <p className="pcal__problem" role="status">
          {s.problem}
          {s.problemSince !== null && <span className="pcal__muted"> (since {at(s.problemSince)})</span>}
        </p>
      )}
    </dl>
  );
}

function EhrSummary({ settings, onEdit }: { settings: EhrSettingsDto; onEdit(): void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="ehr__summary">
      <p>
        <strong>{settings.baseUrl}</strong> · {AUTH_WORDS[settings.authKind]} · {MODE_WORDS[settings.mode]}
        {settings.mode !== 'realtime' && ` Every ${settings.batchMinutes} min.`}
      </p>
      {confirming ? (
        <div className="pcal__confirm" role="group" aria-label="Disconnect the EHR?">
          <span>Disconnect the EHR? What was sent stays there; its bookings leave this schedule, and visits stop being sent.</span>
          <button type="button" className="button button--danger" onClick={() => void removeEhr().then(() => setConfirming(false))}>
            Disconnect
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
        </div>
      ) : (
        <div className="pcal__actions">
          <button type="button" className="button" onClick={onEdit}>
            Edit connection
          </button>
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        </div>
      )}
    </div>
  );
}

function EhrForm({ settings, onClose }: { settings: EhrSettingsDto; onClose(): void }) {
  const [baseUrl, setBaseUrl] = useState(settings.baseUrl);
  const [kind, setKind] = useState<EhrAuthKind>(settings.authKind);
  const [clientId, setClientId] = useState(settings.clientId);
  const [tokenUrl, setTokenUrl] = useState(settings.tokenUrl);
  const [username, setUsername] = useState(settings.username);
  const [secret, setSecret] = useState('');
  const [mode, setMode] = useState<EhrSyncMode>(settings.mode);
  const [batchMinutes, setBatchMinutes] = useState(String(settings.batchMinutes));
  const [sendNotes, setSendNotes] = useState(settings.sendNotes);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [report, setReport] = useState<EhrTestReportDto | null>(null);
  const [working, setWorking] = useState(false);
  const keep = secret === '' && settings.hasSecret && settings.authKind === kind ? null : secret;

  const input = (): EhrConnectionInput => ({
    baseUrl,
    auth: kind === 'smart' ? { kind, clientId, tokenUrl } : kind === 'bearer' ? { kind, token: keep } : { kind, username, password: keep },
    mode,
    batchMinutes: Number(batchMinutes),
    sendNotes,
  });
  const show = (e: AppErrorShape) => {
    const fields = fieldErrorsOf(e, wholePath);
    setErrors(fields);
    setProblem(Object.keys(fields).length === 0 ? e.message : null);
  };
  const run = async (what: 'test' | 'save') => {
    setWorking(true);
    setErrors({});
    setProblem(null);
    setReport(null);
    if (what === 'test') {
      const r = await testEhr(input());
      if (r.ok) setReport(r.data);
      else show(r.error);
    } else {
      const e = await saveEhr(input());
      if (e) show(e);
      else onClose();
    }
    setWorking(false);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('save');
  };

  return (
    <form className="su-form ehr__form" onSubmit={onSubmit} aria-label="EHR connection" noValidate>
      <Field label="FHIR address" error={errors.baseUrl} hint="The EHR’s FHIR R4 base address, for example https://ehr.example.com/fhir/R4.">
        <input value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" inputMode="url" autoFocus />
      </Field>
      <Field label="Sign in with" error={errors['auth.kind']}>
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as EhrAuthKind)}>
          {(Object.keys(AUTH_WORDS) as EhrAuthKind[]).map((k) => (
            <option key={k} value={k}>
              {AUTH_WORDS[k]}
            </option>
          ))}
        </select>
      </Field>
      {kind === 'smart' && (
        <>
          <div className="su-row">
            <Field label="Client id" error={errors['auth.clientId']} hint="What the EHR registered this desk as.">
              <input value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
            </Field>
            <Field label="Token address (optional)" error={errors['auth.tokenUrl']} hint="Empty: read from the EHR’s SMART configuration.">
              <input value={tokenUrl} onChange={(e) => setTokenUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" inputMode="url" />
            </Field>
          </div>
          <DeskKey publicJwks={settings.publicJwks} />
        </>
      )}
      {kind === 'basic' && (
        <Field label="User name" error={errors['auth.username']}>
          <input value={username} onChange={(e) => setUsername(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
        </Field>
      )}
      {kind !== 'smart' && (
        <Field
          label={kind === 'bearer' ? 'Access token' : 'Password'}
          error={errors['auth.token'] ?? errors['auth.password']}
          hint={settings.hasSecret && settings.authKind === kind ? 'One is stored; leave empty to keep it.' : 'Never shown again after saving.'}
        >
          <input type="password" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} autoComplete="new-password" />
        </Field>
      )}
      <fieldset className="ehr__modes">
        <legend>When to sync</legend>
        {EHR_SYNC_MODES.map((m) => (
          <label key={m} className="ehr__mode">
            <input type="radio" name="ehr-mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {MODE_WORDS[m]}
          </label>
        ))}
      </fieldset>
      {mode !== 'realtime' && (
        <Field label="Minutes between batches" error={errors.batchMinutes}>
          <input type="number" min={1} max={1440} value={batchMinutes} onChange={(e) => setBatchMinutes(e.currentTarget.value)} />
        </Field>
      )}
      <label className="ehr__check">
        <input type="checkbox" checked={sendNotes} onChange={(e) => setSendNotes(e.currentTarget.checked)} /> Send each visit’s note to the EHR (as the
        appointment’s comment)
      </label>
      {problem && (
        <p className="su-problem" role="alert">
          {problem}
        </p>
      )}
      {report && <TestReport report={report} />}
      <ConnectionActions working={working} canTest={baseUrl.trim() !== ''} onTest={() => void run('test')} onCancel={settings.connected ? onClose : undefined} />
    </form>
  );
}

/** The desk's signing key: made here; its public half is what the EHR registers. */
function DeskKey({ publicJwks }: { publicJwks: string | null }) {
  const [working, setWorking] = useState(false);
  const make = async () => {
    setWorking(true);
    await makeEhrKey();
    setWorking(false);
  };
  return (
    <div className="ehr__key">
      {publicJwks ? (
        <>
          <p className="su-hint">Give the EHR this desk’s public key (JWKS). The private half never leaves this desk.</p>
          <textarea className="ehr__jwks" readOnly value={publicJwks} rows={6} aria-label="This desk’s public key (JWKS)" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button" onClick={() => void make()} disabled={working}>
            Make a new key
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={() => void make()} disabled={working}>
          Make this desk’s key
        </button>
      )}
    </div>
  );
}

function TestReport({ report }: { report: EhrTestReportDto }) {
  return (
    <div className="ehr__report" role="status">
      <p>
        <strong>Connected</strong>
        {report.software && ` to ${report.software}`}
        {report.fhirVersion && ` (FHIR ${report.fhirVersion})`}.
      </p>
      <ul>
        {report.lines.map((l) => (
          <li key={l.text} className={`ehr__line ehr__line--${l.tone}`}>
            {l.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
