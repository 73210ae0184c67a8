import type { StaffRole } from '@shared/domain/permissions';
import type { CoreContext } from '../context';
import { writeSetting } from '../clinic/settings';
import { insertStaff } from '../staff/accounts';
import { DEMO_PINS_SETTING } from '../staff/demo-pins';
import { makeVerifierSync, SIGN_IN_COST, type ScryptCost } from '../staff/verifier';

/**
 * The demo clinic's people: two receptionists and a manager. Their PINs are
 * shown on the demo's sign-in screen (and only there), so anyone trying
 * Frontdesk can sign in as either role.
 */
export const DEMO_STAFF: ReadonlyArray<{ name: string; role: StaffRole; pin: string }> = [
  { name: 'Rosa Alvarez', role: 'reception', pin: '111111' },
  { name: 'Sam Whitaker', role: 'reception', pin: '222222' },
  { name: 'Morgan Lee', role: 'manager', pin: '999999' },
];

export function insertDemoStaff(ctx: CoreContext, cost: ScryptCost = SIGN_IN_COST): void {
  const pins: Record<string, string> = {};
  for (const person of DEMO_STAFF) {
    const id = insertStaff(ctx, { name: person.name, role: person.role, secretKind: 'pin', verifier: makeVerifierSync(person.pin, cost) });
    pins[id] = person.pin;
  }
  writeSetting(ctx.db, DEMO_PINS_SETTING, pins);
}
