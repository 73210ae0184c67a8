import type { StaffId } from '../../src-shared/domain/ids';
import type { StaffRole } from '../../src-shared/domain/permissions';
import type { CoreContext } from '../../src-main/core/context';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import type { AppServices } from '../../src-main/app/services';
import { insertStaff, signInScreen } from '../../src-main/core/staff';
import { makeVerifierSync, type ScryptCost } from '../../src-main/core/staff/verifier';

/** A cheap scrypt cost for tests: the same code path as production, in a millisecond. */
export const TEST_SECRET_COST: ScryptCost = { N: 1 << 4, r: 1, p: 1 };

export const TEST_STAFF = {
  manager: { name: 'Mia Manager', role: 'manager', pin: '900001' },
  reception: { name: 'Rita Reception', role: 'reception', pin: '100001' },
} as const satisfies Record<string, { name: string; role: StaffRole; pin: string }>;

/** Adds the test manager and receptionist; returns their ids. */
export function addTestStaff(ctx: CoreContext): { manager: StaffId; reception: StaffId } {
  return inWriteTransaction(ctx.db, () => {
    const add = (p: { name: string; role: StaffRole; pin: string }): StaffId =>
      insertStaff(ctx, { name: p.name, role: p.role, secretKind: 'pin', verifier: makeVerifierSync(p.pin, TEST_SECRET_COST) });
    return { manager: add(TEST_STAFF.manager), reception: add(TEST_STAFF.reception) };
  });
}

/** The first manager `signInManager` creates on a clinic without one. */
const FIRST_MANAGER = { name: 'Test Manager', secret: '900009' };

/**
 * Signs a manager in on running app services, as the lock screen would: the
 * first manager on a clinic without one, the demo's manager (its demo PIN), or
 * the test manager added by `addTestStaff`.
 */
export async function signInManager(services: AppServices): Promise<void> {
  const { db, clock } = services.core();
  const screen = signInScreen(db, clock.now(), true);
  if (screen.needsFirstManager) {
    await services.deskLock.createFirstManager(FIRST_MANAGER);
    return;
  }
  const demo = screen.people.find((p) => p.role === 'manager' && p.demoPin !== null);
  if (demo) {
    await services.deskLock.signIn({ staffId: demo.id, secret: demo.demoPin! });
    return;
  }
  const test = screen.people.find((p) => p.name === TEST_STAFF.manager.name);
  if (test) return void (await services.deskLock.signIn({ staffId: test.id, secret: TEST_STAFF.manager.pin }));
  // A clinic this helper started earlier: the first manager it created.
  const first = screen.people.find((p) => p.name === FIRST_MANAGER.name);
  if (!first) throw new Error('no manager this test knows the PIN of');
  await services.deskLock.signIn({ staffId: first.id, secret: FIRST_MANAGER.secret });
}
