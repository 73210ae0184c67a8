import type { Db } from '../../src-main/core/db/open';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createEventBus } from '../../src-main/core/events';
import type { CoreContext } from '../../src-main/core/context';
import { FixedClock } from '../../src-main/platform/clock';
import { gotoSignedIn, openHostDb } from './harness';

/**
 * Helpers for the booking end-to-end tests: reading the host's database
 * (read-only, to pick real demo records and check what was written) and
 * driving the booking dialog.
 */

export interface DemoPatient {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

export function readDb<T>(dbFile: string, read: (db: Db) => T): T {
  const db = openHostDb(dbFile, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Patients of the demo whose family name is shared by nobody else with that given name (search picks them unambiguously). */
export function somePatients(dbFile: string, count: number, offset = 0): DemoPatient[] {
  return readDb(dbFile, (db) =>
    db
      .prepare(
        `SELECT id, given_name AS givenName, family_name AS familyName, date_of_birth AS dateOfBirth FROM patients p
          WHERE (SELECT count(*) FROM patients q WHERE q.given_name = p.given_name AND q.family_name = p.family_name) = 1
          ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(count, offset) as DemoPatient[],
  );
}

export function providerNamed(dbFile: string, like: string): { id: string; name: string } {
  return readDb(dbFile, (db) => db.prepare(`SELECT id, name FROM providers WHERE name LIKE ?`).get(`%${like}%`) as { id: string; name: string });
}

export interface BookedRow {
  id: string;
  status: string;
  startAt: number;
  cancelReason: string | null;
}

export function appointmentsOf(dbFile: string, patientId: string): BookedRow[] {
  return readDb(dbFile, (db) =>
    db
      .prepare(`SELECT id, status, start_at AS startAt, cancel_reason AS cancelReason FROM appointments WHERE patient_id = ? ORDER BY created_at`)
      .all(patientId) as BookedRow[],
  );
}

export const dialog = (page: Page, name: string | RegExp): Locator => page.getByRole('dialog', { name });

/** The page is past the first-start screen and the demo manager is signed in. */
export async function waitForDesk(page: Page, url: string): Promise<void> {
  await gotoSignedIn(page, url);
  await page.getByRole('button', { name: 'Next day' }).waitFor({ timeout: 240_000 });
}

/** Presses Tab until the focused element matches, failing after `max` presses (keyboard-only navigation). */
export async function tabUntil(page: Page, matches: (el: { tag: string; text: string; cls: string }) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // A string, so this file compiles without the DOM library (it runs in the page).
    const el = (await page.evaluate(`(() => {
      const a = document.activeElement;
      return { tag: a ? a.tagName : '', text: a ? (a.textContent || '').trim() : '', cls: a ? String(a.className) : '' };
    })()`)) as { tag: string; text: string; cls: string };
    if (matches(el)) return;
  }
  expect.fail('the control was never reached with Tab');
}

/** Fills the "find next available" criteria and searches. */
export async function findTimes(scope: Locator, opts: { type: string; provider?: string; part?: 'any' | 'morning' | 'afternoon'; from?: string; until?: string }): Promise<void> {
  const typeSelect = scope.getByLabel('Appointment type');
  const label = await typeSelect.locator('option', { hasText: opts.type }).first().textContent();
  await typeSelect.selectOption({ label: label! });
  if (opts.provider) await scope.getByLabel('Provider').selectOption({ label: opts.provider });
  if (opts.from) await scope.getByLabel('From').fill(opts.from);
  if (opts.until) await scope.getByLabel('Until').fill(opts.until);
  if (opts.part) await scope.getByLabel('Time of day').selectOption(opts.part);
  await scope.getByRole('button', { name: 'Find times' }).click();
  await scope.getByRole('heading', { name: /free times/i }).waitFor();
}

export const slotButtons = (scope: Locator): Locator => scope.getByRole('group', { name: 'Free times' }).getByRole('button');

/** Core calls on the host's file from the test process (as another process of the desk would make them), at a pinned "now". */
export function withHostCore<T>(dbFile: string, now: Date, run: (ctx: CoreContext) => T): T {
  const db = openHostDb(dbFile);
  try {
    return run({ db, clock: new FixedClock(now.getTime()), actor: { user: 'e2e', device: 'e2e-device' }, events: createEventBus() });
  } finally {
    db.close();
  }
}

/** Finds a patient with the top-bar search (`/`) and opens their panel; returns the panel. */
export async function openPatientPanel(page: Page, p: { givenName: string; familyName: string }): Promise<Locator> {
  await page.keyboard.press('/');
  await page.keyboard.type(`${p.givenName} ${p.familyName}`);
  await page.getByRole('listbox', { name: 'Matching patients' }).getByRole('option', { name: new RegExp(`${p.familyName}, ${p.givenName}`) }).click();
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { name: `${p.givenName} ${p.familyName}` }).waitFor();
  return panel;
}
