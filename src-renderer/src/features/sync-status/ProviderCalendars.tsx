import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProviderCalendarDto } from '@shared/domain/provider-calendars';
import type { AppErrorShape } from '@shared/domain/errors';
import { useAppStatus } from '../../stores/app-status';
import { Field } from '../../components/Field';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '@shared/domain/field-errors';
import { followProviderCalendars, providerCalendarActions, useProviderCalendarList, useProviderCalendarsLoaded } from './provider-calendars-store';
import './provider-calendars.css';
import { currentTimeFormatter } from '../../stores/clinic-setup';
import { FormNote, type FormMessage } from '../../components/FormNote';
import { ConnectionActions } from './ConnectionActions';

/**
 * "Providers' calendars" in the Sync section: connect each provider's own
 * calendar (CalDAV). Visits go there as neutral "Appointment" events; the
 * provider's busy time there keeps those times free of bookings.
 */
export function ProviderCalendars() {
  const items = useProviderCalendarList();
  const loaded = useProviderCalendarsLoaded();
  const [editing, setEditing] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  useEffect(() => followProviderCalendars(), []);
  const anyConnected = items.some((i) => i.connected);
  // Focus goes back to the row's button the form was opened from (keyboard users keep their place).
  const closeForm = (providerId: string) => {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(editButtonId(providerId))?.focus());
  };

  const readNow = async () => {
    setReading(true);
    await providerCalendarActions.refresh();
    setReading(false);
  };

  return (
    <section className="pcal" aria-labelledby="pcal-title">
      <div className="pcal__head">
        <h3 id="pcal-title">Providers’ calendars</h3>
        {anyConnected && (
          <button type="button" className="button" onClick={() => void readNow()} disabled={reading}>
            Read calendars now
          </button>
        )}
      </div>
      <p className="su-hint pcal__intro">
        Connect a provider’s own calendar (CalDAV) and every visit with them appears there as “Appointment” with its booking reference — never the
        patient, the reason or a note — and the busy time in their calendar is kept free of bookings here.
      </p>
      {loaded && items.length === 0 && <p className="sync-empty">No providers yet. Add them in Set-up.</p>}
      <ul className="pcal__list">
        {items.map((c) => (
          <li key={c.providerId} className="pcal__item">
            <CalendarRow calendar={c} onEdit={() => setEditing(c.providerId)} editing={editing === c.providerId} />
            {editing === c.providerId && <CalendarForm calendar={c} onClose={() => closeForm(c.providerId)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

const editButtonId = (providerId: string): string => `pcal-edit-${providerId}`;

/** A time in the clinic's zone, as the schedule shows times. */
function at(t: number | null, zone: string | undefined): string {
  if (t === null) return 'not yet';
  return currentTimeFormatter().shortDateTime(zone ?? 'UTC', t);
}

function CalendarRow({ calendar: c, onEdit, editing }: { calendar: ProviderCalendarDto; onEdit(): void; editing: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [working, setWorking] = useState(false);
  const zone = useAppStatus((s) => s.status?.clinic?.zone);
  const remove = async () => {
    setWorking(true);
    await providerCalendarActions.remove(c.providerId);
    setWorking(false);
    setConfirming(false);
  };
  const tone = !c.connected ? 'off' : c.problem ? 'problem' : c.pendingPushes > 0 ? 'pending' : 'ok';
  return (
    <div className={`pcal__row pcal__row--${tone}`}>
      <div className="pcal__who">
        <strong>{c.providerName}</strong>
        {!c.providerActive && <span className="pcal__muted"> (inactive)</span>}
        <span className="pcal__state">
          {!c.connected
            ? 'No calendar connected'
            : c.problem
              ? 'Needs attention'
              : c.pendingPushes > 0
                ? `${c.pendingPushes} ${c.pendingPushes === 1 ? 'visit' : 'visits'} waiting to be sent`
                : 'Connected, up to date'}
        </span>
      </div>
      {c.connected && (
        <dl className="pcal__facts">
          <div>
            <dt>Calendar</dt>
            <dd className="pcal__url">{c.url}</dd>
          </div>
          <div>
            <dt>Visits last sent</dt>
            <dd>{at(c.lastPushAt, zone)}</dd>
          </div>
          <div>
            <dt>Busy time last read</dt>
            <dd>
              {at(c.lastPullAt, zone)}
              {c.lastPullAt !== null && ` · ${c.busyCount} busy ${c.busyCount === 1 ? 'stretch' : 'stretches'} ahead`}
            </dd>
          </div>
        </dl>
      )}
      {c.problem && (
        <p className="pcal__problem" role="status">
          {c.problem}
          {c.problemSince !== null && <span className="pcal__muted"> (since {at(c.problemSince, zone)})</span>}
        </p>
      )}
      {confirming ? (
        <div className="pcal__confirm" role="group" aria-label={`Remove ${c.providerName}’s calendar?`}>
          <span>Disconnect {c.providerName}’s calendar? Visits already there stay; their busy time leaves this schedule.</span>
          <button type="button" className="button button--danger" onClick={() => void remove()} disabled={working}>
            Disconnect
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
        </div>
      ) : (
        !editing && (
          <div className="pcal__actions">
            <button type="button" id={editButtonId(c.providerId)} className="button" onClick={onEdit} aria-label={c.connected ? `Edit ${c.providerName}’s calendar` : `Connect calendar for ${c.providerName}`}>
              {c.connected ? 'Edit' : 'Connect calendar'}
            </button>
            {c.connected && (
              <button type="button" className="button" onClick={() => setConfirming(true)} aria-label={`Disconnect ${c.providerName}’s calendar`}>
                Disconnect
              </button>
            )}
          </div>
        )
      )}
    </div>
  );
}

function CalendarForm({ calendar: c, onClose }: { calendar: ProviderCalendarDto; onClose(): void }) {
  const [url, setUrl] = useState(c.url);
  const [username, setUsername] = useState(c.username);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [working, setWorking] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const input = () => ({ providerId: c.providerId, url, username, password: password === '' && c.hasPassword ? null : password });
  const show = (e: AppErrorShape) => {
    const fields = fieldErrorsOf(e);
    setErrors(fields);
    setMessage(Object.keys(fields).length === 0 ? { tone: 'problem', text: e.message } : null);
  };
  const run = async (what: 'test' | 'save') => {
    setWorking(true);
    setMessage(null);
    setErrors({});
    const store = providerCalendarActions;
    const e = what === 'test' ? await store.test(input()) : await store.save(input());
    setWorking(false);
    if (e) return show(e);
    if (what === 'test') setMessage({ tone: 'ok', text: 'Connected: this is a calendar, and it accepts the user name and password.' });
    else onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('save');
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <form className="su-form pcal__form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label={`${c.providerName}’s calendar`} noValidate>
      <Field label="Calendar address" error={errors.url} hint="The calendar’s CalDAV address, from the calendar app or server (https://…/calendars/dr-smith/work/).">
        <input ref={first} value={url} onChange={(e) => setUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" inputMode="url" />
      </Field>
      <div className="su-row">
        <Field label="User name" error={errors.username}>
          <input value={username} onChange={(e) => setUsername(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
        </Field>
        <Field label="Password" error={errors.password} hint={c.hasPassword ? 'A password is stored; leave empty to keep it.' : 'Never shown again after saving.'}>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="new-password"
            placeholder={c.hasPassword ? '••••••••' : ''}
          />
        </Field>
      </div>
      <FormNote message={message} />
      <ConnectionActions working={working} canTest={url.trim() !== ''} onTest={() => void run('test')} onCancel={onClose} />
    </form>
  );
}
