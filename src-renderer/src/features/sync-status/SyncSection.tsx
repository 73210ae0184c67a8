import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConflictClash, ConflictSuggestion, DeskRef, HubSettingsDto, SyncConflictDto } from '@shared/domain/sync';
import { invoke } from '../../api/client';
import { KeychainNote } from '../../components/KeychainNote';
import { mainNow } from '../../stores/app-status';
import { Field } from '../../components/Field';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '@shared/domain/field-errors';
import { describeSync, useSync } from './sync-store';
import { followSyncWork, useSyncAttention, useSyncConflicts, useSyncQuarantined, useSyncWork, useSyncWorkLoaded } from './sync-work-store';
import { ProviderCalendars } from './ProviderCalendars';
import { EhrConnection } from './ehr/EhrConnection';
import { EhrProblems } from './ehr/EhrProblems';
import { useMay } from '../desk-lock';
import { AuditHubLine } from '../audit';
import { HubAdminPanel } from './HubAdminPanel';
import { JoinHubForm } from './JoinHubForm';
import { QuarantineTable } from './QuarantineTable';
import { UndoneChanges } from './UndoneChanges';
import { TlsFields } from './TlsFields';
import type { Tls } from './tls-words';
import './sync-status.css';
import { currentTimeFormatter } from '../../stores/clinic-setup';
import { FormNote, type FormMessage } from '../../components/FormNote';

/**
 * The Sync section: where the desk stands with the clinic hub (and "Try now"
 * while it is away), the visits the hub refused (every clash, who keeps the
 * time and why, free times with the same or another provider, and moving
 * them all at once), changes that kept failing, and this workstation's hub
 * connection.
 */
export function SyncSection() {
  const { status, connected } = useSync(useShallow((s) => ({ status: s.status, connected: s.connected })));
  const conflicts = useSyncConflicts();
  const attention = useSyncAttention();
  const quarantined = useSyncQuarantined();
  const loaded = useSyncWorkLoaded();
  useEffect(() => followSyncWork(), []);
  // The hub and calendar connections (and their passwords) are a manager's.
  const mayConnections = useMay('settings.manage');
  const d = describeSync(status, connected, mainNow());
  return (
    <section className="sync-section" aria-labelledby="sync-title">
      <header className="sync-section__head">
        <h2 id="sync-title">Sync</h2>
        <p className={`sync-summary sync-summary--${d.tone}`} role="status">
          <strong>{d.label}</strong> {d.detail}
          {status?.problem && <span className="sync-summary__problem"> {status.problem}</span>}
        </p>
        {status?.hubConfigured && (!status.online || status.problem) && <TryNow />}
        <AuditHubLine />
      </header>
      <KeychainNote />

      <h3>Visits the hub refused {loaded && <span className="sync-count">({conflicts.length})</span>}</h3>
      <p className="sync-policy">
        When two desks booked the same time, the visit that reached the clinic hub first keeps it (its patient may already have had a
        reminder). Each visit below lost its time: call its patient, then move it or cancel it.
        {conflicts[0] && ` This is desk ${conflicts[0].mine.desk.code}.`}
      </p>
      {loaded && conflicts.length === 0 && <p className="sync-empty">None. Every visit booked here is on the clinic's shared schedule.</p>}
      <BulkBar />
      <RecentlySettled />
      <ul className="sync-conflicts">
        {conflicts.map((c) => (
          <ConflictCard key={c.appointmentId} conflict={c} />
        ))}
      </ul>

      <h3>Changes that need attention {loaded && <span className="sync-count">({attention.length + quarantined.length})</span>}</h3>
      {loaded && attention.length + quarantined.length === 0 && <p className="sync-empty">None.</p>}
      {attention.length > 0 && <AttentionTable />}
      <QuarantineTable words={ENTITY_WORDS} />
      <UndoneChanges />
      <EhrProblems />

      {mayConnections && (
        <>
          <HubConnectionForm />
          <HubAdminPanel />
          <ProviderCalendars />
          <EhrConnection />
        </>
      )}
    </section>
  );
}

/** Reach the hub now rather than at the next automatic try (a few seconds apart while it is away). */
function TryNow() {
  const [state, setState] = useState<'idle' | 'trying' | 'still-away'>('idle');
  const run = async () => {
    setState('trying');
    const r = await invoke('sync/try-now', {});
    setState(r.ok && r.data.online && !r.data.problem ? 'idle' : 'still-away');
  };
  return (
    <p className="sync-try">
      <button type="button" className="button" disabled={state === 'trying'} onClick={() => void run()}>
        {state === 'trying' ? 'Trying…' : 'Try now'}
      </button>
      <span className="sync-try__hint" role="status">
        {state === 'still-away'
          ? 'Still no answer from the hub. Frontdesk keeps trying every few seconds.'
          : 'Frontdesk tries the hub every few seconds by itself, and at once when the network comes back.'}
      </span>
    </p>
  );
}

function BulkBar() {
  const conflicts = useSyncConflicts();
  const { bulk, rebookAll, stopBulk } = useSyncWork(useShallow((s) => ({ bulk: s.bulk, rebookAll: s.rebookAll, stopBulk: s.stopBulk })));
  const movable = conflicts.filter((c) => c.kind === 'overlap' && c.suggestions.length > 0).length;
  if (movable < 2 && !bulk) return null;
  return (
    <div className="sync-bulk">
      {bulk?.running ? (
        <>
          <progress max={bulk.total} value={bulk.done} aria-label="Moving visits" />
          <span role="status">
            Moving {bulk.done} of {bulk.total}…
          </span>
          <button type="button" className="button" onClick={stopBulk}>
            Stop
          </button>
        </>
      ) : (
        <>
          {movable >= 2 && (
            <button type="button" className="button" onClick={() => void rebookAll()}>
              Move all {movable} to their first suggested time
            </button>
          )}
          {bulk && (
            <span role="status">
              Last run: {bulk.confirmed} confirmed by the hub
              {bulk.queued > 0 && `, ${bulk.queued} kept here until the hub confirms`}
              {bulk.refused > 0 && `, ${bulk.refused} taken meanwhile (choose another time below)`}
              {bulk.done < bulk.total && `, stopped after ${bulk.done} of ${bulk.total}`}.
            </span>
          )}
        </>
      )}
    </div>
  );
}

function RecentlySettled() {
  const recent = useSyncWork((s) => s.recent);
  if (recent.length === 0) return null;
  return (
    <ul className="sync-recent" aria-label="Recently settled">
      {recent.map((r, i) => (
        <li key={`${r.appointmentId}-${i}`} className={`sync-outcome sync-outcome--${r.outcome.tone}`}>
          {r.patientName}: {r.outcome.text}
        </li>
      ))}
    </ul>
  );
}

/** In the clinic's formats, on the visit's location's clock (named when the clinic spans zones). */
const when = (zone: string, t: number): string => {
  const tf = currentTimeFormatter();
  return `${tf.shortDateTime(zone, t)}${tf.zoneTag(zone, t)}`;
};
const deskName = (d: DeskRef | null) => (d === null ? 'another desk' : d.thisDesk ? `this desk (${d.code})` : `desk ${d.code}`);

function clashWords(c: ConflictClash): string {
  if (c.on === 'both') return `${c.providerName} and ${c.roomName ?? 'the room'}`;
  return c.on === 'room' ? (c.roomName ?? 'the room') : c.providerName;
}

function ConflictCard({ conflict: c }: { conflict: SyncConflictDto }) {
  const busy = useSyncWork((s) => s.busy === c.appointmentId);
  const outcome = useSyncWork((s) => s.outcomes[c.appointmentId]);
  const resolve = useSyncWork((s) => s.resolve);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('Time taken at another desk');
  const span = (a: number, b: number) => {
    const tf = currentTimeFormatter();
    return `${tf.shortDateTime(c.zone, a)}–${tf.time(c.zone, b)}${tf.zoneTag(c.zone, a)}`;
  };
  const same = c.suggestions.filter((s) => s.sameProvider);
  const others = c.suggestions.filter((s) => !s.sameProvider);
  const offer = (s: ConflictSuggestion) => (
    <button
      key={`${s.providerId}-${s.startAt}`}
      type="button"
      className="button"
      disabled={busy}
      title={`${s.providerName} · ${s.locationName} (${s.zone})`}
      onClick={() => void resolve({ action: 'rebook', appointmentId: c.appointmentId, providerId: s.providerId, startAt: s.startAt })}
    >
      {when(s.zone, s.startAt)}
      {!s.sameProvider && ` · ${s.providerName}`}
    </button>
  );
  // Suggestions stay at the visit's location; it is named once per group.
  const at = (xs: ConflictSuggestion[]) => (xs[0] ? ` at ${xs[0].locationName}` : '');
  return (
    <li className="sync-conflict" aria-label={`Conflict: ${c.mine.patientName}, ${when(c.zone, c.mine.startAt)}`}>
      <p className="sync-conflict__mine">
        <strong>{c.mine.patientName}</strong>
        {c.mine.patientPhone && <span className="sync-conflict__phone"> · {c.mine.patientPhone}</span>} · {c.mine.providerName}
        {c.mine.roomName && ` · ${c.mine.roomName}`} · {span(c.mine.startAt, c.mine.endAt)}
        <span className="sync-conflict__origin">
          {' '}
          — booked {when(c.zone, c.mine.bookedAt)} on {deskName(c.mine.desk)}, not taken by the hub
        </span>
      </p>
      {c.kind === 'overlap' ? (
        c.clashes.length > 0 ? (
          <ul className="sync-clashes">
            {c.clashes.map((x, i) => (
              <li key={i}>
                Kept by the visit that reached the hub first: <strong>{clashWords(x)}</strong> {span(x.startAt, x.endAt)}
                {x.bookedAt !== null && `, booked ${when(c.zone, x.bookedAt)}`} on {deskName(x.desk)}
                {x.reachedHubAt !== null && `, at the hub since ${when(c.zone, x.reachedHubAt)}`}.
              </li>
            ))}
          </ul>
        ) : (
          <p className="sync-conflict__why">
            The visit that held this time has been moved or cancelled since.{' '}
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void resolve({ action: 'rebook', appointmentId: c.appointmentId, providerId: c.mine.providerId, startAt: c.mine.startAt })}
            >
              Send it again at this time
            </button>
          </p>
        )
      ) : (
        <p className="sync-conflict__why">
          {c.hub
            ? `This visit was changed at another desk meanwhile: there it is ${c.hub.status.replace('_', ' ')}, ${span(c.hub.startAt, c.hub.endAt)} with ${c.hub.providerName}.`
            : 'This visit was changed at another desk meanwhile.'}
        </p>
      )}
      {outcome && <p className={`sync-outcome sync-outcome--${outcome.tone}`} role="status">{outcome.text}</p>}
      <div className="sync-conflict__actions">
        {same.length > 0 && (
          <span className="sync-conflict__label">
            With {c.mine.providerName}
            {at(same)}:
          </span>
        )}
        {same.map(offer)}
      </div>
      {others.length > 0 && (
        <div className="sync-conflict__actions">
          <span className="sync-conflict__label">Or another provider{at(others)}:</span>
          {others.map(offer)}
        </div>
      )}
      <div className="sync-conflict__actions">
        {c.hub && (
          <button type="button" className="button" disabled={busy} onClick={() => void resolve({ action: 'keep-hub', appointmentId: c.appointmentId })}>
            Keep the other desk's version
          </button>
        )}
        {cancelling ? (
          <form
            className="sync-cancel"
            onSubmit={(e) => {
              e.preventDefault();
              void resolve({ action: 'cancel', appointmentId: c.appointmentId, reason });
            }}
          >
            <label>
              Reason <input value={reason} maxLength={500} onChange={(e) => setReason(e.currentTarget.value)} />
            </label>
            <button type="submit" className="button sync-conflict__cancel" disabled={busy}>
              Cancel the visit
            </button>
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </form>
        ) : (
          <button type="button" className="button sync-conflict__cancel" disabled={busy} onClick={() => setCancelling(true)}>
            Cancel this visit…
          </button>
        )}
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
  const attention = useSyncAttention();
  const { busy, retry, setAside } = useSyncWork(useShallow((s) => ({ busy: s.busy, retry: s.retry, setAside: s.setAside })));
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

function HubConnectionForm() {
  const [stored, setStored] = useState<HubSettingsDto | null>(null);
  useEffect(() => {
    void invoke('sync/get-hub-settings', {}).then((r) => r.ok && setStored(r.data));
  }, []);
  if (!stored) return null;
  return (
    <>
      <JoinHubForm onJoined={setStored} />
      <HubForm key={JSON.stringify(stored)} stored={stored} onSaved={setStored} />
    </>
  );
}

function HubForm({ stored, onSaved }: { stored: HubSettingsDto; onSaved(s: HubSettingsDto): void }) {
  const [url, setUrl] = useState(stored.url);
  const [tls, setTls] = useState<Tls>(stored.tls);
  const [ca, setCa] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
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
      <Field
        label="Hub address"
        error={errors.url}
        hint="Filled in when this desk joins with a code; or postgres://desk-user:password@server:5432/database. Leave empty for no hub. The password is never shown again."
      >
        <input value={url} onChange={(e) => setUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <TlsFields
        securityLabel="Connection security"
        tls={tls}
        onTls={setTls}
        caLabel="Clinic certificate (PEM)"
        caHint={stored.hasCa ? 'A certificate is stored; paste a new one to replace it.' : 'Only needed when the hub uses the clinic’s own certificate authority.'}
        ca={ca}
        onCa={setCa}
        caRows={4}
        errors={errors}
      />
      <FormNote message={message} />
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
