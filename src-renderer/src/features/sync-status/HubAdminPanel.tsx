import { useState } from 'react';
import type { AppErrorShape } from '@shared/domain/errors';
import type { HubDeskDto } from '@shared/domain/sync';
import { invoke } from '../../api/client';
import { Field } from '../../components/Field';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '@shared/domain/field-errors';
import { TlsFields } from './TlsFields';
import type { Tls } from './tls-words';
import { FormNote, type FormMessage } from '../../components/FormNote';

type Busy = null | 'set-up' | 'list' | 'enroll' | `revoke-${string}`;

/**
 * Hub administration for a manager who has the hub administrator's address
 * for a moment: set up or upgrade the hub, enroll desks (each gets a one-time
 * code), list and revoke them. The address is sent with each action and kept
 * nowhere.
 */
export function HubAdminPanel() {
  const [url, setUrl] = useState('');
  const [tls, setTls] = useState<Tls>('verify-full');
  const [ca, setCa] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [desks, setDesks] = useState<HubDeskDto[] | null>(null);
  const [code, setCode] = useState<{ name: string; code: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const admin = () => ({ url, tls, ca: ca.trim() === '' ? null : ca });

  async function act<T>(what: Busy, call: () => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorShape }>, done: (data: T) => void) {
    setBusy(what);
    setErrors({});
    setMessage(null);
    const r = await call();
    setBusy(null);
    if (!r.ok) {
      const fields = fieldErrorsOf(r.error);
      const mapped: FieldErrors = { ...fields };
      const url = fields.url ?? fields.admin;
      if (url) mapped.url = url;
      setErrors(mapped);
      if (!mapped.url && !mapped.tls && !mapped.ca && !mapped.name && !mapped.address) setMessage({ tone: 'problem', text: r.error.message });
      return;
    }
    done(r.data);
  }
  const list = () => act('list', () => invoke('hub-admin/list-desks', { admin: admin() }), setDesks);

  return (
    <details className="sync-hub sync-admin">
      <summary>Hub administration (managers)</summary>
      <p className="su-hint">
        With the hub administrator’s address (a PostgreSQL user that may create roles), set up or upgrade the hub and enroll desks. The address is used for
        each action only and is not kept.
      </p>
      <div className="su-form su-form--wide">
        <Field label="Administrator address" error={errors.url} hint="postgres://admin:password@server:5432/database">
          <input value={url} onChange={(e) => setUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
        </Field>
        <TlsFields
          securityLabel="Administrator connection security"
          tls={tls}
          onTls={setTls}
          caLabel="Clinic CA certificate (PEM)"
          caHint="Handed on to the desks you enroll."
          ca={ca}
          onCa={setCa}
          caRows={3}
          errors={errors}
        />
        <div className="su-actions">
          <button
            type="button"
            className="button"
            disabled={busy !== null || url.trim() === ''}
            onClick={() =>
              void act('set-up', () => invoke('hub-admin/set-up', { admin: admin() }), (r) =>
                setMessage({
                  tone: 'ok',
                  text:
                    r.previousVersion === 0
                      ? 'The clinic hub is set up.'
                      : r.previousVersion === r.schemaVersion
                        ? 'The clinic hub is already up to date.'
                        : `The clinic hub was upgraded.${r.sharedUser ? ' Enroll every desk again: the old shared hub user no longer has access.' : ''}`,
                }),
              )
            }
          >
            Set up or upgrade the hub
          </button>
          <button type="button" className="button" disabled={busy !== null || url.trim() === ''} onClick={() => void list()}>
            List desks
          </button>
        </div>

        <h4>Enroll a desk</h4>
        <Field label="Desk name" error={errors.name}>
          <input value={name} onChange={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Hub address desks use" error={errors.address} hint="server or server:port; leave empty to use the administrator address’s server.">
          <input value={address} onChange={(e) => setAddress(e.currentTarget.value)} spellCheck={false} />
        </Field>
        <div className="su-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null || url.trim() === '' || name.trim() === ''}
            onClick={() =>
              void act('enroll', () => invoke('hub-admin/enroll-desk', { admin: admin(), name, address }), (r) => {
                setCode({ name: r.desk.name, code: r.code });
                setName('');
                void list();
              })
            }
          >
            Enroll desk
          </button>
        </div>
        {code && (
          <Field label={`Enrollment code for ${code.name}`} hint="Paste it at that desk under Join the clinic hub. It holds the desk’s password: it is shown only now.">
            <textarea readOnly value={code.code} rows={3} onFocus={(e) => e.currentTarget.select()} />
          </Field>
        )}
        <FormNote message={message} />
      </div>

      {desks && (
        <table className="sync-attention" aria-label="Enrolled desks">
          <thead>
            <tr>
              <th scope="col">Desk</th>
              <th scope="col">State</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {desks.map((d) => (
              <tr key={d.deskId}>
                <td>{d.name}</td>
                <td>{d.legacy ? 'From before enrollment' : d.revokedAt ? 'Revoked' : 'Active'}</td>
                <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString() : '—'}</td>
                <td className="sync-attention__actions">
                  {!d.legacy && !d.revokedAt && (
                    <button
                      type="button"
                      className="button sync-conflict__cancel"
                      disabled={busy !== null}
                      onClick={() => void act(`revoke-${d.deskId}`, () => invoke('hub-admin/revoke-desk', { admin: admin(), deskId: d.deskId }), () => void list())}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
