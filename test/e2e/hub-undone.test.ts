import { describe, expect, it } from 'vitest';
import { readDb, waitForDesk } from './booking-helpers';
import { hostAndBrowserPerFile, openDeskPage, openHostDb, saveScreenshot, seriousA11yViolations } from './harness';

/**
 * Changes the clinic hub did not take and this desk undid, as the manager sees
 * them: the staff ones in Set-up › Staff, all of them in Sync, each in plain
 * words; an overtaken staff change made again from there, a notice dismissed.
 * (How they come to be undone is tested against a real hub in
 * test/integration/sync/hub-undo.test.ts; here the rows are written as the
 * pusher writes them.)
 */
const NOW = new Date('2025-11-24T14:30:00Z');
const run = hostAndBrowserPerFile({ now: NOW, seed: 1 });

interface StaffRow {
  id: string;
  name: string;
  role: string;
  secret_kind: string;
  verifier: string;
}

describe('changes the hub did not take', () => {
  it('are listed in plain words; an overtaken staff change is made again, a refused set-up change dismissed', async () => {
    const host = run.host();
    const { page, errors } = await openDeskPage(run.browser());
    await waitForDesk(page, host.url);
    const rita = readDb(host.dbFile, (db) => db.prepare(`SELECT id, name, role, secret_kind, verifier FROM staff WHERE role = 'reception' ORDER BY name LIMIT 1`).get() as StaffRow);
    const provider = readDb(host.dbFile, (db) => db.prepare(`SELECT id FROM providers ORDER BY name LIMIT 1`).pluck().get() as string);
    const db = openHostDb(host.dbFile);
    const insert = db.prepare(`INSERT INTO sync_undone (entity_type, entity_id, operation, kind, message, mine, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const mine = { id: rita.id, name: 'Rita Brown', role: rita.role, active: true, secretKind: rita.secret_kind, verifier: JSON.parse(rita.verifier) as object };
    insert.run('staff', rita.id, 'staff.update', 'overtaken', `Your change to Rita Brown was not taken: another desk changed this person first. This desk now shows the clinic’s version; re-apply your change if it is still wanted.`, JSON.stringify(mine), NOW.getTime());
    insert.run('provider', provider, 'provider.update', 'refused', 'A change to the provider “Dr Evil” was undone. The clinic hub refused it: the role of the person who made it does not include this change to the clinic set-up. Ask a manager to make it. This desk shows it as the clinic hub has it again.', '{}', NOW.getTime());
    db.close();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Staff' }).click();
    const notices = page.getByRole('region', { name: 'Undone because the clinic hub did not take them' });
    await notices.getByText('Your change to Rita Brown was not taken').waitFor();
    expect(await notices.getByText('Dr Evil').count()).toBe(0);
    await saveScreenshot(page, 'hub-undone-staff');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await notices.getByRole('button', { name: 'Make my change again' }).click();
    await page.getByRole('cell', { name: 'Rita Brown', exact: true }).waitFor();
    await notices.waitFor({ state: 'detached' });
    expect(readDb(host.dbFile, (d) => d.prepare(`SELECT name FROM staff WHERE id = ?`).pluck().get(rita.id))).toBe('Rita Brown');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Sync/ }).click();
    const sync = page.getByRole('region', { name: 'Undone because the clinic hub did not take them' });
    await sync.getByText('A change to the provider “Dr Evil” was undone.').waitFor();
    await sync.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'hub-undone-sync');
    await sync.getByRole('button', { name: 'Dismiss' }).click();
    await sync.waitFor({ state: 'detached' });
    expect(readDb(host.dbFile, (d) => d.prepare(`SELECT settled_as FROM sync_undone ORDER BY id`).pluck().all())).toEqual(['reapplied', 'dismissed']);
    expect(errors).toEqual([]);
  }, 300_000);
});
