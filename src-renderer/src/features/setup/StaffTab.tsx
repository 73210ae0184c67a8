import { useEffect } from 'react';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '@shared/domain/permissions';
import type { StaffDto } from '@shared/domain/staff';
import { SECRET_RULE } from '@shared/schemas/staff';
import { invoke, useLiveQuery } from '../../api';
import { mainNow } from '../../stores/app-status';
import { notifyError } from '../../stores/notices';
import { followStaffList, staffList } from '../../stores/staff-list';
import { Field, NONE } from '../../components/Field';
import { UndoneChanges } from '../sync-status';
import { RecordEditor } from './RecordEditor';
import { refuse } from './record-form';

/**
 * Set-up › Staff (managers): who may sign in at the clinic's desks, their
 * roles, deactivating someone who left, and a new PIN for someone who forgot
 * theirs. PINs are typed here once and never shown again.
 */
export function StaffTab() {
  const staff = useLiveQuery(staffList, (s) => s.data ?? NONE);
  useEffect(() => followStaffList(), []);

  const act = async (channel: 'staff/deactivate' | 'staff/reactivate', s: StaffDto): Promise<void> => {
    const r = await invoke(channel, { staffId: s.id });
    if (!r.ok) notifyError(r.error);
  };

  return (
    <>
      <UndoneChanges only="staff" />
      <RecordEditor
        title="Staff"
        titleId="su-staff-list"
        records={staff}
        columns={[
          { header: 'Name', cell: (s) => s.name },
          { header: 'Role', cell: (s) => <RoleSelect person={s} /> },
          {
            header: 'Status',
            cell: (s) => (
              <>
                {!s.active ? 'Deactivated' : s.retryAt !== null && s.retryAt > mainNow() ? 'Waiting after wrong PINs' : 'Active'}
                {s.awaitingHub && <span className="su-awaiting-hub"> · Waiting for the clinic hub to confirm</span>}
              </>
            ),
          },
        ]}
        rowActions={(s, resetSecret) => (
          <>
            {s.active && (
              <button type="button" className="bk-link-button su-link" onClick={resetSecret} aria-label={`New PIN for ${s.name}`}>
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
          </>
        )}
        form={{
          // Picking someone in the list gives them a new PIN; otherwise the form adds a person.
          newTitle: 'Add a person',
          editTitle: (person) => `New PIN for ${person.name}`,
          addLabel: 'Add person',
          saveLabel: 'Set the new PIN',
          draft: () => ({ name: '', role: 'reception' as StaffRole, secret: '', repeat: '' }),
          send: async ({ name, role, secret, repeat }, person) => {
            if (secret !== repeat) return refuse('repeat', 'The two PINs are not the same.');
            return person ? invoke('staff/reset-secret', { staffId: person.id, secret }) : invoke('staff/create', { name, role, secret });
          },
          savedNote: (saved, person) => (person ? `${saved.name} has a new PIN.` : `${saved.name} can sign in now.`),
          fields: (f, person) => (
            <>
              {!person && (
                <>
                  <Field label="Name" error={f.errors.name}>
                    <input {...f.text('name')} autoComplete="off" />
                  </Field>
                  <Field label="Role" error={f.errors.role}>
                    <select {...f.text('role')}>
                      {STAFF_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  </Field>
                </>
              )}
              <Field label="PIN or passphrase" error={f.errors.secret} hint={SECRET_RULE}>
                <input type="password" {...f.text('secret')} autoComplete="new-password" />
              </Field>
              <Field label="Repeat it" error={f.errors.repeat}>
                <input type="password" {...f.text('repeat')} autoComplete="new-password" />
              </Field>
            </>
          ),
        }}
      />
    </>
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
