import { useEffect, useState, type FormEvent } from 'react';
import type { AppErrorShape } from '@shared/domain/errors';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '@shared/domain/permissions';
import type { StaffDto } from '@shared/domain/staff';
import { SECRET_RULE } from '@shared/schemas/staff';
import { invoke, useLiveQuery } from '../../api';
import { mainNow } from '../../stores/app-status';
import { notifyError } from '../../stores/notices';
import { followStaffList, staffList } from '../../stores/staff-list';
import { Field } from '../../components/Field';
import { UndoneChanges } from '../sync-status';
import { fieldErrors as fieldErrorsOf, type FieldErrors } from '@shared/domain/field-errors';

/**
 * Set-up › Staff (managers): who may sign in at the clinic's desks, their
 * roles, deactivating someone who left, and a new PIN for someone who forgot
 * theirs. PINs are typed here once and never shown again.
 */
export function StaffTab() {
  const staff = useLiveQuery(staffList, (s) => s.data);
  const [resetting, setResetting] = useState<StaffDto | null>(null);
  useEffect(() => followStaffList(), []);

  const act = async (channel: 'staff/deactivate' | 'staff/reactivate', s: StaffDto): Promise<void> => {
    const r = await invoke(channel, { staffId: s.id });
    if (!r.ok) notifyError(r.error);
  };

  return (
    <div className="su-split">
      <section aria-labelledby="su-staff-list">
        <h2 id="su-staff-list" className="su-title">
          Staff
        </h2>
        <UndoneChanges only="staff" />
        <table className="su-table su-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(staff ?? []).map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>
                  <RoleSelect person={s} />
                </td>
                <td>
                  {!s.active ? 'Deactivated' : s.retryAt !== null && s.retryAt > mainNow() ? 'Waiting after wrong PINs' : 'Active'}
                  {s.awaitingHub && <span className="su-awaiting-hub"> · Waiting for the clinic hub to confirm</span>}
                </td>
                <td className="su-row-actions">
                  {s.active && (
                    <button type="button" className="bk-link-button su-link" onClick={() => setResetting(s)} aria-label={`New PIN for ${s.name}`}>
                      New PIN
                    </button>
                  )}
                  <button
                    type="button"
                    className="bk-link-button su-link"
                    onClick={() => void act(s.active ? 'staff/deactivate' : 'staff/reactivate', s)}
                    aria-label={`${s.active ? 'Deactivate' : 'Reactivate'} ${s.name}`}
                  >
                    {s.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {resetting ? <SecretForm key={resetting.id} person={resetting} onDone={() => setResetting(null)} /> : <SecretForm key="new" person={null} onDone={() => undefined} />}
    </div>
  );
}

function RoleSelect({ person }: { person: StaffDto }) {
  const change = async (role: StaffRole): Promise<void> => {
    const r = await invoke('staff/update', { staffId: person.id, role });
    if (!r.ok) notifyError(r.error);
  };
  return (
    <select aria-label={`Role of ${person.name}`} value={person.role} disabled={!person.active} onChange={(e) => void change(e.currentTarget.value as StaffRole)}>
      {STAFF_ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

/** A new person (name, role, PIN), or a new PIN for `person`. */
function SecretForm({ person, onDone }: { person: StaffDto | null; onDone(): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('reception');
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const refused = (error: AppErrorShape): void => {
    const fields = fieldErrorsOf(error);
    setErrors(fields);
    setMessage(Object.keys(fields).length === 0 ? error.message : null);
  };
  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaved(null);
    if (secret !== repeat) return setErrors({ repeat: 'The two PINs are not the same.' });
    const r = person ? await invoke('staff/reset-secret', { staffId: person.id, secret }) : await invoke('staff/create', { name, role, secret });
    if (!r.ok) return refused(r.error);
    setErrors({});
    setMessage(null);
    setSecret('');
    setRepeat('');
    setName('');
    setSaved(person ? `${r.data.name} has a new PIN.` : `${r.data.name} can sign in now.`);
    onDone();
  };
  const title = person ? `New PIN for ${person.name}` : 'Add a person';
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={title} noValidate>
      <h3>{title}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      {!person && (
        <>
          <Field label="Name" error={errors.name}>
            <input value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="off" />
          </Field>
          <Field label="Role" error={errors.role}>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
      <Field label="PIN or passphrase" error={errors.secret} hint={SECRET_RULE}>
        <input type="password" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} autoComplete="new-password" />
      </Field>
      <Field label="Repeat it" error={errors.repeat}>
        <input type="password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} autoComplete="new-password" />
      </Field>
      <div className="su-actions">
        {saved && (
          <span className="su-saved" role="status">
            {saved}
          </span>
        )}
        {person && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {person ? 'Set the new PIN' : 'Add person'}
        </button>
      </div>
    </form>
  );
}
