import type { ReadDb, WriteDb } from '../db/open';
import { readSetting, writeSetting } from '../clinic/settings';

/**
 * The demo clinic's PINs, shown on its sign-in screen so anyone can try it.
 * Kept in a workstation settings row written by the demo generator; a person
 * whose PIN changes drops out of it (their PIN is no longer the demo one).
 */
export const DEMO_PINS_SETTING = 'demoStaffPins';

export function demoPins(db: ReadDb): Record<string, string> {
  const v = readSetting(db, DEMO_PINS_SETTING);
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function forgetDemoPin(db: WriteDb, staffId: string): void {
  const pins = demoPins(db);
  if (!(staffId in pins)) return;
  delete pins[staffId];
  writeSetting(db, DEMO_PINS_SETTING, pins);
}
