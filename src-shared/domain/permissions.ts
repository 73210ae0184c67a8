/**
 * People and what they may do. Every contract channel names one permission;
 * main refuses a call whose signed-in person lacks it (FORBIDDEN, audited), and
 * the renderer reads the same map to hide what a person may not do.
 */
export const STAFF_ROLES = ['reception', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  /** Anyone at the desk, signed in or not: the start screen and the lock ("Who is at the desk?") screen. */
  'public',
  /** Any signed-in person: their own PIN, locking, the top bar. */
  'signed-in',
  'schedule.read',
  'schedule.write',
  'patients.read',
  'patients.write',
  /** Merging two records of one person (and undoing it the same day). */
  'patients.merge',
  /** Reading the clinic set-up (locations, providers, types, hours) the schedule is drawn from. */
  'setup.read',
  /** Changing the clinic set-up and clinic settings. */
  'setup.manage',
  /** Day-to-day sync work: conflicts the hub refused, rows that need attention, reading calendars now. */
  'sync.work',
  /** Connections and their secrets: clinic hub, SMTP / SMS gateway, providers' calendars, update feed, lock timing. */
  'settings.manage',
  'staff.manage',
  'exports.run',
  'reports.run',
  'import.run',
  'audit.read',
  /** Backups, the recovery passphrase, restore and rebuilding a desk from the hub. */
  'backups.manage',
  'demo.reset',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions a signed-in person holds by role ('public' is held by everyone, signed in or not). */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  reception: ['public', 'signed-in', 'schedule.read', 'schedule.write', 'patients.read', 'patients.write', 'setup.read', 'sync.work'],
  manager: PERMISSIONS,
};

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = { reception: 'Reception', manager: 'Manager' };

export function roleMay(role: StaffRole | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  return role !== null && ROLE_PERMISSIONS[role].includes(permission);
}

export function isPermission(v: unknown): v is Permission {
  return typeof v === 'string' && (PERMISSIONS as readonly string[]).includes(v);
}
