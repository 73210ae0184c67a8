import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HubSettingsDto, SyncConflictDto } from '../../../../src-shared/domain/sync';
import { HUB_TLS_MODES } from '../../../../src-shared/schemas/sync';
import { invoke } from '../../api/client';
import { mainNow } from '../../stores/app-status';
import { Field } from '../../components/Field';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '../../../../src-shared/domain/field-errors';
import { describeSync, useSync } from './sync-store';
import { useSyncWork } from './sync-work-store';
import { ProviderCalendars } from './ProviderCalendars';
import './sync-status.css';

/**
 * The Sync section (issue 5): where the desk stands with the clinic hub,
 * the visits the hub refused (with free times to move them to), changes that
 * kept failing, and this workstation's hub connection.
 */
export function SyncSection() {
  const { status, connected } = useSync(useShallow((s) => ({ status: s.status, connected: s.connected })));
  const { conflicts, attention, loaded } = useSyncWork(useShallow((s) => ({ conflicts: s.conflicts, attention: s.attention, loaded: s.loaded })));
  useEffect(() => useSyncWork.getState().watch(), []);
  const d = describeSync(status, connected, mainNow());
  return (
    <section className="sync-section" aria-labelledby="sync-title">
      <header className="sync-section__head">
        <h2 id="sync-title">Sync</h2>
        <p className={`sync-summary sync-summary--${d.tone}`} role="status">
          <strong>{d.label}</strong> {d.detail}
          {status?.problem && <span className="sync-summary__problem"> {status.problem}</span>}
        </p>
      </header>

      <h3>Visits the hub refused {loaded && <span className="sync-count">({conflicts.length})</span>}</h3>
      {loaded && conflicts.length === 0 && <p className="sync-empty">None. Every visit booked here is on the clinic's shared schedule.</p>}
      <ul className="sync-conflicts">
        {conflicts.map((c) => (
          <ConflictCard key={c.appointmentId} conflict={c} />
        ))}
      </ul>

      <h3>Changes that need attention {loaded && <span className="sync-count">({attention.length})</span>}</h3>
      {loaded && attention.length === 0 && <p className="sync-empty">None.</p>}
      {attention.length > 0 && <AttentionTable />}

      <HubConnectionForm />

      <ProviderCalendars />
    </section>
  );
}

const whenFormatters = new Map<string, Intl.DateTimeFormat>();
function when(zone: string, t: number): string {
  let f = whenFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    whenFormatters.set(zone, f);
  }
  return f.format(new Date(t));
}
const timeOnly = (zone: string, t: number) => new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(new Date(t));

function ConflictCard({ conflict: c }: { conflict: SyncConflictDto }) {
  const busy = useSyncWork((s) => s.busy === c.appointmentId);
  const resolve = useSyncWork((s) => s.resolve);
  const span = (a: number, b: number) => `${when(c.zone, a)}–${timeOnly(c.zone, b)}`;
  return (
    <li className="sync-conflict" aria-label={`Conflict: ${c.mine.patientName}, ${when(c.zone, c.mine.startAt)}`}>
      <p className="sync-conflict__mine">
        <strong>{c.mine.patientName}</strong>
        {c.mine.patientPhone && <span className="sync-conflict__phone"> · {c.mine.patientPhone}</span>} · {c.mine.providerName} · {span(c.mine.startAt, c.mine.endAt)}
      </p>
      <p className="sync-conflict__why">
        {c.kind === 'overlap' && c.competing
          ? `Another desk booked ${c.on === 'room' ? `room ${c.competing.roomName ?? ''}` : c.competing.providerName} for ${span(c.competing.startAt, c.competing.endAt)} first.`
          : c.kind === 'overlap'
            ? 'Another desk booked this time first.'
            : c.hub
              ? `This visit was changed at another desk meanwhile: there it is ${c.hub.status.replace('_', ' ')}, ${span(c.hub.startAt, c.hub.endAt)} with ${c.hub.providerName}.`
              : 'This visit was changed at another desk meanwhile.'}
      </p>
      <div className="sync-conflict__actions">
        {c.suggestions.length > 0 && <span className="sync-conflict__label">Move to:</span>}
        {c.suggestions.map((s) => (
          <button
            key={`${s.providerId}-${s.startAt}`}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void resolve({ action: 'rebook', appointmentId: c.appointmentId, providerId: s.providerId, startAt: s.startAt })}
          >
            {when(c.zone, s.startAt)}
          </button>
        ))}
        {c.hub && (
          <button type="button" className="button" disabled={busy} onClick={() => void resolve({ action: 'keep-hub', appointmentId: c.appointmentId })}>
            Keep the other desk's version
          </button>
        )}
        <button type="button" className="button sync-conflict__cancel" disabled={busy} onClick={() => void resolve({ action: 'cancel', appointmentId: c.appointmentId })}>
          Cancel this visit
        </button>
      </div>
    </li>
  );
}

const ENTITY_WORDS: Record<string, string> = {
  appointment: 'Visit',
  patient: 'Patient record',
  provider: 'Provider',
  location: 'Location',
  room: 'Room',
  appointment_type: 'Appointment type',
  opening_hours: 'Opening hours',
  hours_override: 'Special hours',
  blockout: 'Blocked time',
};

function AttentionTable() {
  const { attention, busy, retry, setAside } = useSyncWork(
    useShallow((s) => ({ attention: s.attention, busy: s.busy, retry: s.retry, setAside: s.setAside })),
  );
  return (
    <table className="sync-attention">
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last problem</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {attention.map((r) => (
          <tr key={r.seq}>
            <td>
              {ENTITY_WORDS[r.entityType] ?? r.entityType} · {r.operation.split('.')[1]?.replace('_', ' ')}
            </td>
            <td>{r.attempts}</td>
            <td>{r.lastError ?? '—'}</td>
            <td className="sync-attention__actions">
              <button type="button" className="button" disabled={busy === `row-${r.seq}`} onClick={() => void retry(r.seq)}>
                Retry
              </button>
              <button type="button" className="button" disabled={busy === `row-${r.seq}`} onClick={() => void setAside(r.seq)}>
                Set aside
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Tls = (typeof HUB_TLS_MODES)[number];
const TLS_WORDS: Record<Tls, string> = {
  disable: 'Not encrypted (only inside the clinic network)',
  require: 'Encrypted',
  'verify-full': "Encrypted, and check the hub's certificate",
};

function HubConnectionForm() {
  const [stored, setStored] = useState<HubSettingsDto | null>(null);
  useEffect(() => {
    void invoke('sync/get-hub-settings', {}).then((r) => r.ok && setStored(r.data));
  }, []);
  if (!stored) return null;
  return <HubForm key={JSON.stringify(stored)} stored={stored} onSaved={setStored} />;
}

function HubForm({ stored, onSaved }: { stored: HubSettingsDto; onSaved(s: HubSettingsDto): void }) {
  const [url, setUrl] = useState(stored.url);
  const [tls, setTls] = useState<Tls>(stored.tls);
  const [ca, setCa] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: 'ok' | 'problem'; text: string } | null>(null);
  const [working, setWorking] = useState(false);
  const input = () => ({ url, tls, ca: ca.trim() === '' ? null : ca });

  const run = async (what: 'test' | 'save') => {
    setWorking(true);
    setMessage(null);
    setErrors({});
    const r = what === 'test' ? await invoke('sync/test-hub', input()) : await invoke('sync/set-hub-settings', input());
    setWorking(false);
    if (!r.ok) {
      const fields = fieldErrorsOf(r.error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setMessage({ tone: 'problem', text: r.error.message });
      return;
    }
    if (what === 'test') setMessage({ tone: 'ok', text: 'Connected: the clinic hub answers and is ready.' });
    else {
      setMessage({ tone: 'ok', text: url.trim() === '' ? 'Saved. This desk now works on its own.' : 'Saved. Sync starts now.' });
      onSaved(r.data as HubSettingsDto);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('save');
  };

  return (
    <form className="su-form su-form--wide sync-hub" onSubmit={onSubmit} aria-label="Clinic hub connection" noValidate>
      <h3>Clinic hub connection</h3>
      <p className="su-hint">
        Desks of one clinic share their schedule through the hub (a PostgreSQL server). Without one, this workstation is a complete single-desk clinic.
      </p>
      <Field label="Hub address" error={errors.url} hint="postgres://user:password@server:5432/database — leave empty for no hub. The password is never shown again.">
        <input value={url} onChange={(e) => setUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <Field label="Connection security" error={errors.tls}>
        <select value={tls} onChange={(e) => setTls(e.currentTarget.value as Tls)}>
          {HUB_TLS_MODES.map((m) => (
            <option key={m} value={m}>
              {TLS_WORDS[m]}
            </option>
          ))}
        </select>
      </Field>
      {tls === 'verify-full' && (
        <Field label="Clinic certificate (PEM)" error={errors.ca} hint={stored.hasCa ? 'A certificate is stored; paste a new one to replace it.' : 'Only needed when the hub uses the clinic’s own certificate authority.'}>
          <textarea value={ca} onChange={(e) => setCa(e.currentTarget.value)} rows={4} spellCheck={false} />
        </Field>
      )}
      {message && (
        <p className={message.tone === 'ok' ? 'su-saved' : 'su-problem'} role={message.tone === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className="su-actions">
        <button type="button" className="button" disabled={working || url.trim() === ''} onClick={() => void run('test')}>
          Test connection
        </button>
        <button type="submit" className="button button--primary" disabled={working}>
          Save connection
        </button>
      </div>
    </form>
  );
}
