import { useEffect, useState, type FormEvent } from 'react';
import type { ReminderDeliverySettingsDto, ReminderPreviewDto } from '@shared/domain/reminders';
import {
  DEFAULT_QUIET_HOURS,
  type ReminderTemplates,
  type SmtpTlsMode,
  type UpdateReminderDeliveryInput,
} from '@shared/schemas/reminders';
import { KeychainNote } from '../../components/KeychainNote';
import { Field, fromTime, toTime } from '../../components/Field';
import { formatOffset, parseOffsets } from './reminder-offsets';
import { useLiveQuery } from '../../api';
import { deliverySettings, fieldsOf, previewTemplates, saveDelivery } from './delivery-store';
import './reminders.css';

/**
 * Reminder delivery, in Set-up › Clinic settings: how reminders leave the
 * desk (SMTP, SMS gateway), quiet hours for texts, the neutral templates with
 * a live preview of the exact text, and appointment types' own reminder times.
 */
export function ReminderSettings() {
  const settings = useLiveQuery(deliverySettings, (s) => s.data);
  // Kept here: saving reloads the settings, which starts the form afresh.
  const [saved, setSaved] = useState(false);
  useEffect(() => void deliverySettings.setInput({}, { force: true }), []);
  if (!settings) return <p className="su-empty">Loading the reminder settings…</p>;
  return <DeliveryForm key={JSON.stringify(settings)} settings={settings} saved={saved} setSaved={setSaved} />;
}

interface Draft {
  emailOn: boolean;
  host: string;
  port: string;
  tls: SmtpTlsMode;
  user: string;
  from: string;
  /** Typed only to change it; empty = keep what is stored. */
  password: string;
  clearPassword: boolean;
  smsKind: 'none' | 'twilio' | 'webhook';
  baseUrl: string;
  accountSid: string;
  webhookUrl: string;
  smsFrom: string;
  token: string;
  clearToken: boolean;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  templates: ReminderTemplates;
  cadences: Record<string, string>;
}

function draftOf(s: ReminderDeliverySettingsDto): Draft {
  const sms = s.sms;
  return {
    emailOn: s.email !== null,
    host: s.email?.host ?? '',
    port: String(s.email?.port ?? 587),
    tls: s.email?.tls ?? 'starttls',
    user: s.email?.user ?? '',
    from: s.email?.from ?? '',
    password: '',
    clearPassword: false,
    smsKind: sms?.kind ?? 'none',
    baseUrl: sms?.kind === 'twilio' ? sms.baseUrl : 'https://api.twilio.com',
    accountSid: sms?.kind === 'twilio' ? sms.accountSid : '',
    webhookUrl: sms?.kind === 'webhook' ? sms.url : '',
    smsFrom: sms?.from ?? '',
    token: '',
    clearToken: false,
    quietOn: s.quietHours !== null,
    quietStart: toTime((s.quietHours ?? DEFAULT_QUIET_HOURS).startMin),
    quietEnd: toTime((s.quietHours ?? DEFAULT_QUIET_HOURS).endMin),
    templates: s.templates,
    cadences: Object.fromEntries(s.typeCadences.map((t) => [t.typeId, t.offsetsMin ? t.offsetsMin.map(formatOffset).join(', ') : ''])),
  };
}

function DeliveryForm({ settings, saved, setSaved }: { settings: ReminderDeliverySettingsDto; saved: boolean; setSaved(saved: boolean): void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [preview, setPreview] = useState<ReminderPreviewDto | null>(null);
  const [templateErrors, setTemplateErrors] = useState<Record<string, string>>({});

  const edit = (patch: Partial<Draft>, ...clear: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (clear.length) setErrors((x) => Object.fromEntries(Object.entries(x).filter(([k]) => !clear.some((c) => k.startsWith(c)))));
    setSaved(false);
  };
  const text = (k: keyof Draft, errorKey: string) => (e: { currentTarget: { value: string } }) =>
    edit({ [k]: e.currentTarget.value } as Partial<Draft>, errorKey);
  const template = (k: keyof ReminderTemplates) => (e: { currentTarget: { value: string } }) =>
    edit({ templates: { ...draft.templates, [k]: e.currentTarget.value } }, `templates.${k}`);

  // Live preview: main renders the exact text and runs the neutrality guard on every pause in typing.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void previewTemplates(draft.templates).then((r) => {
        if (!live) return;
        if (r.ok) {
          setPreview(r.data);
          setTemplateErrors({});
        } else {
          setPreview(null);
          setTemplateErrors(fieldsOf(r.error));
        }
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [draft.templates]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const cadences: NonNullable<UpdateReminderDeliveryInput['typeCadences']> = [];
    for (const t of settings.typeCadences) {
      const typed = (draft.cadences[t.typeId] ?? '').trim();
      const parsed = typed === '' ? { ok: true as const, minutes: null } : parseOffsets(typed);
      if (!parsed.ok) {
        setErrors({ [`cadence.${t.typeId}`]: `“${parsed.bad}” is not a time before the visit. Write it like 24 h, 1 h or 30 min.` });
        return;
      }
      const before = t.offsetsMin ? [...t.offsetsMin].sort((a, b) => b - a).join(',') : null;
      const after = parsed.minutes ? [...parsed.minutes].sort((a, b) => b - a).join(',') : null;
      if (before !== after) cadences.push({ typeId: t.typeId, offsetsMin: parsed.minutes });
    }
    const quietStart = fromTime(draft.quietStart);
    const quietEnd = fromTime(draft.quietEnd);
    const input: UpdateReminderDeliveryInput = {
      email: draft.emailOn
        ? { host: draft.host, port: Number(draft.port.trim() || NaN), tls: draft.tls, user: draft.user, from: draft.from.trim() }
        : null,
      sms:
        draft.smsKind === 'twilio'
          ? { kind: 'twilio', baseUrl: draft.baseUrl, accountSid: draft.accountSid, from: draft.smsFrom }
          : draft.smsKind === 'webhook'
            ? { kind: 'webhook', url: draft.webhookUrl, from: draft.smsFrom }
            : null,
      quietHours: draft.quietOn ? { startMin: quietStart, endMin: quietEnd } : null,
      templates: draft.templates,
      ...(draft.clearPassword ? { smtpPassword: null } : draft.password !== '' ? { smtpPassword: draft.password } : {}),
      ...(draft.clearToken ? { smsToken: null } : draft.token !== '' ? { smsToken: draft.token } : {}),
      ...(cadences.length ? { typeCadences: cadences } : {}),
    };
    const r = await saveDelivery(input);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(r.error.message);
      setSaved(false);
      return;
    }
    setMessage(null);
    setSaved(true);
  };

  const err = (k: string) => errors[k] ?? templateErrors[k];
  return (
    <form className="su-form su-form--wide rm-settings" onSubmit={(e) => void onSubmit(e)} aria-label="Reminder delivery" noValidate>
      <h3>Reminder delivery</h3>
      <KeychainNote />
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}

      <fieldset className="rm-settings__group">
        <legend>E-mail</legend>
        <label className="su-radio su-check">
          <input type="checkbox" checked={draft.emailOn} onChange={(e) => edit({ emailOn: e.currentTarget.checked }, 'email')} /> Send
          reminders by e-mail through the clinic’s mail server
        </label>
        {draft.emailOn && (
          <>
            <div className="su-row">
              <Field label="Mail server" error={err('email.host')}>
                <input value={draft.host} onChange={text('host', 'email.host')} spellCheck={false} placeholder="smtp.example.org" />
              </Field>
              <Field label="Port" error={err('email.port')}>
                <input value={draft.port} onChange={text('port', 'email.port')} inputMode="numeric" />
              </Field>
            </div>
            <div className="su-row">
              <Field label="Security" error={err('email.tls')} hint="TLS usually on port 465, STARTTLS on 587. None only for a relay on this network.">
                <select value={draft.tls} onChange={(e) => edit({ tls: e.currentTarget.value as SmtpTlsMode }, 'email.tls')}>
                  <option value="tls">TLS</option>
                  <option value="starttls">STARTTLS</option>
                  <option value="none">None</option>
                </select>
              </Field>
              <Field label="Sender address" error={err('email.from')}>
                <input value={draft.from} onChange={text('from', 'email.from')} type="email" spellCheck={false} placeholder="reminders@clinic.example" />
              </Field>
            </div>
            <div className="su-row">
              <Field label="User name" error={err('email.user')} hint="Leave empty if the server needs no sign-in.">
                <input value={draft.user} onChange={text('user', 'email.user')} spellCheck={false} autoComplete="off" />
              </Field>
              <SecretField
                label="Password"
                isSet={settings.secrets.smtpPassword}
                value={draft.password}
                cleared={draft.clearPassword}
                error={err('smtpPassword')}
                onChange={(password) => edit({ password, clearPassword: false }, 'smtpPassword')}
                onClear={(clearPassword) => edit({ clearPassword, password: '' }, 'smtpPassword')}
              />
            </div>
          </>
        )}
      </fieldset>

      <fieldset className="rm-settings__group">
        <legend>Text messages</legend>
        <Field label="SMS gateway" error={err('sms')}>
          <select value={draft.smsKind} onChange={(e) => edit({ smsKind: e.currentTarget.value as Draft['smsKind'] }, 'sms')}>
            <option value="none">None (no text messages)</option>
            <option value="twilio">Twilio-style (form post, account SID and token)</option>
            <option value="webhook">JSON webhook (address and bearer token)</option>
          </select>
        </Field>
        {draft.smsKind === 'twilio' && (
          <div className="su-row">
            <Field label="Gateway address" error={err('sms.baseUrl')}>
              <input value={draft.baseUrl} onChange={text('baseUrl', 'sms.baseUrl')} type="url" spellCheck={false} />
            </Field>
            <Field label="Account SID" error={err('sms.accountSid')}>
              <input value={draft.accountSid} onChange={text('accountSid', 'sms.accountSid')} spellCheck={false} autoComplete="off" />
            </Field>
          </div>
        )}
        {draft.smsKind === 'webhook' && (
          <Field label="Webhook address" error={err('sms.url')}>
            <input value={draft.webhookUrl} onChange={text('webhookUrl', 'sms.url')} type="url" spellCheck={false} placeholder="https://…" />
          </Field>
        )}
        {draft.smsKind !== 'none' && (
          <div className="su-row">
            <Field label="Sender" error={err('sms.from')} hint="The number or name messages come from.">
              <input value={draft.smsFrom} onChange={text('smsFrom', 'sms.from')} spellCheck={false} />
            </Field>
            <SecretField
              label={draft.smsKind === 'twilio' ? 'Auth token' : 'Bearer token'}
              isSet={settings.secrets.smsToken}
              value={draft.token}
              cleared={draft.clearToken}
              error={err('smsToken')}
              onChange={(token) => edit({ token, clearToken: false }, 'smsToken')}
              onClear={(clearToken) => edit({ clearToken, token: '' }, 'smsToken')}
            />
          </div>
        )}
        <label className="su-radio su-check">
          <input type="checkbox" checked={draft.quietOn} onChange={(e) => edit({ quietOn: e.currentTarget.checked }, 'quietHours')} /> Quiet
          hours: no text messages at night (in each location’s time zone), unless the visit comes first
        </label>
        {draft.quietOn && (
          <div className="su-row su-row--narrow">
            <Field label="Quiet from" error={err('quietHours.startMin')}>
              <input type="time" value={draft.quietStart} onChange={text('quietStart', 'quietHours')} />
            </Field>
            <Field label="Quiet until" error={err('quietHours.endMin')}>
              <input type="time" value={draft.quietEnd} onChange={text('quietEnd', 'quietHours')} />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="rm-settings__group">
        <legend>Message text</legend>
        <p className="su-hint rm-settings__placeholders">
          Reminders say when and where, never why. Use only <code>{'{firstName}'}</code> <code>{'{date}'}</code> <code>{'{time}'}</code>{' '}
          <code>{'{location}'}</code> <code>{'{locationPhone}'}</code>; appointment types, reasons, providers, departments and notes are refused.
        </p>
        <div className="su-split">
          <div>
            <Field label="E-mail subject" error={err('templates.emailSubject')}>
              <input value={draft.templates.emailSubject} onChange={template('emailSubject')} spellCheck />
            </Field>
            <Field label="E-mail text" error={err('templates.emailBody')}>
              <textarea value={draft.templates.emailBody} onChange={template('emailBody')} rows={7} spellCheck />
            </Field>
            <Field label="Text message" error={err('templates.smsBody')}>
              <textarea value={draft.templates.smsBody} onChange={template('smsBody')} rows={4} spellCheck />
            </Field>
          </div>
          <section className="rm-preview" aria-label="Preview" aria-live="polite">
            <h4>Preview for a sample patient</h4>
            {preview ? (
              <>
                <p className="rm-preview__label">E-mail</p>
                <div className="rm-preview__mail" data-testid="preview-email">
                  <strong>{preview.emailSubject}</strong>
                  <pre>{preview.emailBody}</pre>
                </div>
                <p className="rm-preview__label">
                  Text message · {preview.smsSegments} {preview.smsSegments === 1 ? 'part' : 'parts'}
                </p>
                <pre className="rm-preview__sms" data-testid="preview-sms">
                  {preview.smsBody}
                </pre>
              </>
            ) : (
              <p className="rm-muted">{Object.keys(templateErrors).length ? 'Fix the text on the left to see the preview.' : 'Preparing the preview…'}</p>
            )}
          </section>
        </div>
      </fieldset>

      {settings.typeCadences.length > 0 && (
        <fieldset className="rm-settings__group">
          <legend>Reminder times per appointment type</legend>
          <p className="su-hint">
            Empty uses the clinic’s times ({settings.clinicOffsetsMin.map(formatOffset).join(', ') || 'none'}). Applies to visits booked or moved from now on.
          </p>
          <div className="rm-cadences">
            {settings.typeCadences.map((t) => (
              <Field key={t.typeId} label={t.typeName} error={errors[`cadence.${t.typeId}`] ?? errors['typeCadences']}>
                <input
                  value={draft.cadences[t.typeId] ?? ''}
                  onChange={(e) => edit({ cadences: { ...draft.cadences, [t.typeId]: e.currentTarget.value } }, `cadence.${t.typeId}`, 'typeCadences')}
                  placeholder="Clinic’s times"
                  spellCheck={false}
                />
              </Field>
            ))}
          </div>
        </fieldset>
      )}

      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            Saved.
          </span>
        )}
        <button type="submit" className="button button--primary">
          Save reminder settings
        </button>
      </div>
    </form>
  );
}

/** A write-only secret: the stored value never comes back, only whether one is set. */
function SecretField(props: {
  label: string;
  isSet: boolean;
  value: string;
  cleared: boolean;
  error: string | undefined;
  onChange(v: string): void;
  onClear(clear: boolean): void;
}) {
  const hint = props.cleared ? 'Will be removed when you save.' : props.isSet ? 'Set. Type a new one to replace it.' : 'Not set.';
  return (
    <div>
      <Field label={props.label} error={props.error} hint={hint}>
        <input
          type="password"
          value={props.value}
          onChange={(e) => props.onChange(e.currentTarget.value)}
          autoComplete="new-password"
          placeholder={props.isSet && !props.cleared ? '•••••••• (set)' : ''}
        />
      </Field>
      {props.isSet && (
        <label className="su-radio">
          <input type="checkbox" checked={props.cleared} onChange={(e) => props.onClear(e.currentTarget.checked)} /> Remove the stored{' '}
          {props.label.toLowerCase()}
        </label>
      )}
    </div>
  );
}
