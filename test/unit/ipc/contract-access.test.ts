import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, contract, events } from '@shared/contract';
import { isPermission, PERMISSIONS, ROLE_PERMISSIONS, STAFF_ROLES } from '@shared/domain/permissions';

/**
 * Every channel says who may call it and whether it answers while the desk is
 * locked; every event whether it waits while locked. Read at run time, so an
 * entry built without the helpers (or with a cast) is caught too.
 */
describe('contract access declarations', () => {
  it('every channel declares a known permission and whether it answers while locked', () => {
    const undeclared = CHANNEL_NAMES.filter((name) => {
      const access = (contract[name] as { access?: { permission?: unknown; whileLocked?: unknown } }).access;
      return !access || !isPermission(access.permission) || typeof access.whileLocked !== 'boolean';
    });
    expect(undeclared).toEqual([]);
  });

  it('a channel answering while locked needs nobody signed in (public)', () => {
    const wrong = CHANNEL_NAMES.filter((name) => contract[name].access.whileLocked && contract[name].access.permission !== 'public');
    expect(wrong).toEqual([]);
  });

  it('only the start and lock screens answer while locked', () => {
    const open = CHANNEL_NAMES.filter((name) => contract[name].access.whileLocked).sort();
    expect(open.every((name) => /^(app|updates|desk-lock|sign-in|session)\//.test(name))).toBe(true);
    expect(open).not.toContain('app/reset-demo');
  });

  it('every event declares whether it waits while locked; those naming records do', () => {
    expect(EVENT_NAMES.filter((name) => typeof events[name].heldWhileLocked !== 'boolean')).toEqual([]);
    for (const name of ['appointments/changed', 'reminders/changed', 'patients/changed', 'clinic/changed'] as const) {
      expect(events[name].heldWhileLocked, name).toBe(true);
    }
  });

  it('managers hold every permission; reception holds none of the manager-only ones', () => {
    expect([...ROLE_PERMISSIONS.manager].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of STAFF_ROLES) expect(ROLE_PERMISSIONS[role]).toContain('public');
    const managerOnly = ['setup.manage', 'settings.manage', 'staff.manage', 'exports.run', 'reports.run', 'import.run', 'audit.read', 'demo.reset'];
    expect(ROLE_PERMISSIONS.reception.filter((p) => managerOnly.includes(p))).toEqual([]);
  });
});
