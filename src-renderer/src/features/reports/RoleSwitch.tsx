import { useId } from 'react';
import type { WorkstationRole } from '../../../../src-shared/domain/exports';
import { useReports } from './reports-store';

/** This workstation's role (until sign-in exists): exports and reports need "Manager". */
export function RoleSwitch() {
  const id = useId();
  const role = useReports((s) => s.role);
  const saving = useReports((s) => s.roleSaving);
  const choose = (r: WorkstationRole) => {
    if (r !== role) void useReports.getState().setRole(r);
  };
  return (
    <fieldset className="rp-role" disabled={role === null || saving}>
      <legend>This workstation is used by</legend>
      <label className="rp-check">
        <input type="radio" name={`${id}-role`} checked={role === 'manager'} onChange={() => choose('manager')} />
        Manager
      </label>
      <label className="rp-check">
        <input type="radio" name={`${id}-role`} checked={role === 'reception'} onChange={() => choose('reception')} />
        Reception
      </label>
    </fieldset>
  );
}
