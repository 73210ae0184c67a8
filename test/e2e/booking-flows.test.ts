import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';
import { dialog, findTimes, providerNamed, readDb, slotButtons, somePatients, tabUntil, waitForDesk, type DemoPatient } from './booking-helpers';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const FIND = 'Find the next available time';

/** Through the booking dialog to its confirmation step, for a patient found by name. */
async function upToConfirm(page: Page, patient: DemoPatient, criteria: Parameters<typeof findTimes>[1]): Promise<string> {
  await page.keyboard.press('c');
  const booking = dialog(page, FIND);
  await findTimes(booking, criteria);
  const first = slotButtons(booking).first();
  const taken = (await first.textContent())!;
  await first.click();
  await booking.getByLabel('Find the patient').fill(`${patient.givenName} ${patient.familyName}`);
  await booking.getByRole('option', { name: new RegExp(`${patient.familyName}, ${patient.givenName}`) }).click();
  await booking.getByRole('button', { name: 'Book appointment' }).waitFor();
  return taken;
}

describe('booking flows', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('two desks race for the same time: one books it, the other is told and gets fresh times', async () => {
    const [a, b] = await Promise.all([openDeskPage(browser), openDeskPage(browser)]);
    // One after the other: the web host is one desk, and the second page finds it signed in.
    await waitForDesk(a.page, host.url);
    await waitForDesk(b.page, host.url);
    const [pa, pb] = somePatients(host.dbFile, 2, 20);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const criteria = { type: 'Follow-up visit', provider: provider.name, from: '2025-11-26', until: '2025-11-28' };
    const [takenA, takenB] = await Promise.all([upToConfirm(a.page, pa!, criteria), upToConfirm(b.page, pb!, criteria)]);
    expect(takenA).toBe(takenB);

    // Both press "Book appointment" at once.
    await Promise.all([a, b].map(({ page }) => dialog(page, FIND).getByRole('button', { name: 'Book appointment' }).click()));
    const outcome = async (page: Page): Promise<'booked' | 'refused'> => {
      const booked = page.getByRole('status').filter({ hasText: 'Booked' });
      const refused = dialog(page, FIND).getByRole('alert');
      await booked.or(refused).first().waitFor();
      return (await booked.isVisible()) ? 'booked' : 'refused';
    };
    const outcomes = await Promise.all([outcome(a.page), outcome(b.page)]);
    expect([...outcomes].sort()).toEqual(['booked', 'refused']);
    const loser = outcomes[0] === 'refused' ? a.page : b.page;
    const booking = dialog(loser, FIND);
    const alert = booking.getByRole('alert');
    expect(await alert.textContent()).toMatch(/already has the .+ Follow-up visit \(until .+\) at this time.*free right now/);
    await saveScreenshot(loser, 'booking-race-refused');
    expect(await seriousA11yViolations(loser)).toEqual([]);

    // The fresh times no longer offer the taken one; the first of them books fine.
    const fresh = slotButtons(booking).first();
    await fresh.waitFor();
    expect(await fresh.textContent()).not.toBe(takenA);
    await fresh.click();
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await booking.waitFor({ state: 'detached' });

    const live = readDb(host.dbFile, (db) =>
      db
        .prepare(`SELECT count(*) AS n FROM appointments WHERE patient_id IN (?, ?) AND status = 'booked' AND provider_id = ?`)
        .get(pa!.id, pb!.id, provider.id),
    ) as { n: number };
    expect(live.n).toBe(2);
    expect([...a.errors, ...b.errors], host.output()).toEqual([]);
  }, 300_000);

  it('books a care team together: both providers at the same time, shown side by side', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 120);
    const team = readDb(host.dbFile, (db) =>
      db
        .prepare(
          `SELECT p.id, p.name FROM providers p JOIN appointment_type_providers tp ON tp.provider_id = p.id
             JOIN appointment_types t ON t.id = tp.type_id
            WHERE t.name = 'Follow-up visit' AND p.active = 1
              AND (SELECT count(DISTINCT h.weekday) FROM opening_hours h JOIN locations l ON l.id = h.location_id
                    WHERE h.provider_id = p.id AND l.name LIKE 'Hudson%') >= 4
            ORDER BY p.name LIMIT 2`,
        )
        .all(),
    ) as Array<{ id: string; name: string }>;
    expect(team).toHaveLength(2);
    await page.keyboard.press('c');
    const booking = dialog(page, FIND);
    const typeSelect = booking.getByLabel('Appointment type');
    await typeSelect.selectOption({ label: (await typeSelect.locator('option', { hasText: 'Follow-up visit' }).first().textContent())! });
    await booking.getByLabel('Provider').selectOption({ label: 'Care team (together)…' });
    const find = booking.getByRole('button', { name: 'Find times' });
    expect(await find.isDisabled()).toBe(true); // fewer than two providers chosen
    for (const p of team) await booking.getByRole('group', { name: /Care team/ }).getByLabel(p.name).check();
    await booking.getByLabel('Location').selectOption({ label: 'Hudson Street (Manhattan)' });
    await booking.getByLabel('From').fill('2025-11-26');
    await booking.getByLabel('Until').fill('2025-12-05');
    await find.click();
    const first = slotButtons(booking).first();
    await first.waitFor({ timeout: 10_000 }).catch(async () => expect.fail(String(await booking.textContent())));
    expect(await first.textContent()).toContain(`${team[0]!.name} + ${team[1]!.name}`);
    await saveScreenshot(page, 'booking-care-team');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await first.click();
    await booking.getByLabel('Find the patient').fill(`${patient!.givenName} ${patient!.familyName}`);
    await booking.getByRole('option', { name: new RegExp(`${patient!.familyName}, ${patient!.givenName}`) }).click();
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await booking.waitFor({ state: 'detached' });

    const rows = readDb(host.dbFile, (db) =>
      db
        .prepare(`SELECT id, provider_id AS providerId, start_at AS startAt, team_id AS teamId FROM appointments WHERE patient_id = ? AND status = 'booked'`)
        .all(patient!.id),
    ) as Array<{ id: string; providerId: string; startAt: number; teamId: string | null }>;
    expect(rows.map((r) => r.providerId).sort()).toEqual(team.map((p) => p.id).sort());
    expect(new Set(rows.map((r) => r.startAt)).size).toBe(1);
    expect(new Set(rows.map((r) => r.teamId)).size).toBe(1);
    expect(rows[0]!.teamId).not.toBeNull();
    const reminders = readDb(host.dbFile, (db) =>
      db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id IN (${rows.map(() => '?').join(', ')}) AND state = 'scheduled'`).pluck().get(...rows.map((r) => r.id)),
    );
    expect(reminders).toBe(2); // 24 h and 1 h, once for the patient

    // On the grid, either card of the visit shows the whole team in its panel.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(rows[0]!.startAt);
    await page.locator('#date-nav-picker').fill(day);
    const card = page.locator(`.cg-card[data-appointment-id="${rows.find((r) => r.id !== r.teamId)!.id}"]`);
    await card.scrollIntoViewIfNeeded();
    await card.click();
    const facts = page.getByRole('complementary', { name: 'Details' }).locator('.ap-panel__facts');
    await expect.poll(() => facts.textContent()).toContain('Care team');
    for (const p of team) expect(await facts.textContent()).toContain(p.name);
    await saveScreenshot(page, 'care-team-panel');
    expect(errors, host.output()).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('creating a patient who looks like one on file shows the candidates; "create anyway" is explicit', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [existing] = somePatients(host.dbFile, 1, 40);
    await page.keyboard.press('c');
    const booking = dialog(page, FIND);
    await findTimes(booking, { type: 'Vaccination' });
    await slotButtons(booking).first().click();

    await booking.getByRole('button', { name: 'New patient…' }).click();
    await booking.getByLabel('Given name').fill(existing!.givenName);
    await booking.getByLabel('Family name').fill(existing!.familyName);
    await booking.getByLabel('Date of birth').fill(existing!.dateOfBirth);
    await booking.getByRole('button', { name: 'Save patient' }).click();

    const warning = booking.getByRole('region', { name: 'This may be a patient already on file' });
    await warning.waitFor();
    const candidate = warning.getByRole('listitem').filter({ hasText: `${existing!.familyName}, ${existing!.givenName}` });
    expect(await candidate.textContent()).toContain('same name and date of birth');
    await saveScreenshot(page, 'duplicate-patient-warning');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await warning.getByRole('button', { name: 'Create anyway (a different person)' }).click();
    await booking.getByRole('button', { name: 'Book appointment' }).waitFor();
    expect(await booking.textContent()).toContain(`${existing!.givenName} ${existing!.familyName}`);
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await booking.waitFor({ state: 'detached' });

    const twins = readDb(host.dbFile, (db) =>
      db
        .prepare(`SELECT id FROM patients WHERE given_name = ? AND family_name = ? AND date_of_birth = ?`)
        .all(existing!.givenName, existing!.familyName, existing!.dateOfBirth),
    ) as Array<{ id: string }>;
    expect(twins).toHaveLength(2);
    const created = twins.find((t) => t.id !== existing!.id)!;
    const booked = readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) AS n FROM appointments WHERE patient_id = ?`).get(created.id)) as { n: number };
    expect(booked.n).toBe(1);
    expect(errors, host.output()).toEqual([]);
  }, 300_000);

  it('a booking made with the keyboard only', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 60);
    const inDialog = (): Promise<boolean> => page.evaluate(`!!document.activeElement?.closest('[role=dialog]')`) as Promise<boolean>;

    // c opens it, Esc closes it and focus returns.
    await page.keyboard.press('c');
    await dialog(page, FIND).waitFor();
    expect(await inDialog()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog(page, FIND).waitFor({ state: 'detached' });

    await page.keyboard.press('c');
    const booking = dialog(page, FIND);
    await booking.waitFor();
    // Focus stays inside the dialog however far one tabs.
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);

    await tabUntil(page, (el) => el.text === 'Find times');
    await page.keyboard.press('Enter');
    await slotButtons(booking).first().waitFor();
    await tabUntil(page, (el) => el.cls.includes('bk-slot') && el.tag === 'BUTTON');
    await page.keyboard.press('Enter');

    // The patient step focuses its search: type, ↓/↑, Enter.
    await booking.getByLabel('Find the patient').waitFor();
    await page.keyboard.type(`${patient!.givenName} ${patient!.familyName}`);
    await booking.getByRole('option', { name: new RegExp(`${patient!.familyName}, ${patient!.givenName}`) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');

    // Confirmation: the main button has focus.
    await booking.getByRole('button', { name: 'Book appointment' }).waitFor();
    expect(await page.evaluate(`document.activeElement?.textContent`)).toBe('Book appointment');
    await saveScreenshot(page, 'keyboard-booking-confirm');
    await page.keyboard.press('Enter');
    await booking.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Booked' }).textContent()).toContain(patient!.familyName);

    const booked = readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) AS n FROM appointments WHERE patient_id = ? AND status = 'booked'`).get(patient!.id)) as { n: number };
    expect(booked.n).toBeGreaterThanOrEqual(1);
    expect(errors, host.output()).toEqual([]);
  }, 300_000);
  it('reschedule from the patient panel, and "why not" for a closed time on the grid', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 80);
    const name = `${patient!.givenName} ${patient!.familyName}`;
    const provider = providerNamed(host.dbFile, 'Goldberg');
    await upToConfirm(page, patient!, { type: 'Follow-up visit', provider: provider.name, from: '2025-12-01', until: '2025-12-01' });
    await dialog(page, FIND).getByRole('button', { name: 'Book appointment' }).click();
    await dialog(page, FIND).waitFor({ state: 'detached' });

    // The booking opened the patient's panel: reschedule the visit from there.
    const panel = page.getByRole('complementary', { name: 'Details' });
    await panel.getByRole('heading', { name }).waitFor();
    const visit = panel.getByRole('region', { name: 'Upcoming visits' }).getByRole('listitem').filter({ hasText: 'Follow-up visit' });
    const before = (await visit.locator('.visit__when').textContent())!;
    await visit.getByRole('button', { name: /^Reschedule / }).click();
    const move = dialog(page, 'Reschedule appointment');
    await slotButtons(move).first().waitFor();
    expect(await move.getByLabel('Appointment type').isDisabled()).toBe(true);
    await move.getByLabel('Time of day').selectOption('afternoon');
    await move.getByRole('button', { name: 'Find times' }).click();
    await slotButtons(move).first().click();
    await saveScreenshot(page, 'reschedule-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await move.getByRole('button', { name: 'Move appointment' }).click();
    await move.waitFor({ state: 'detached' });
    await expect.poll(() => visit.locator('.visit__when').textContent()).not.toBe(before);
    expect(await visit.locator('.visit__when').textContent()).toMatch(/PM–/);

    // Why not: 7:45 is before Dr. Goldberg's hours (8:30) today.
    await panel.getByRole('button', { name: 'Close patient' }).click();
    // Column heads and the time gutter sit outside the scrolled region and follow it.
    await page.getByRole('region', { name: 'Day calendar by provider' }).waitFor();
    const header = page.locator('.cg-head').getByText(provider.name, { exact: true }).first();
    const row = page.locator('.cg-gutter').getByText('7:45', { exact: true }).first();
    const [hx, ry] = await Promise.all([header.boundingBox(), row.boundingBox()]);
    await page.mouse.click(hx!.x + hx!.width / 2, ry!.y + ry!.height / 2 + 4);
    const whyNot = dialog(page, 'Why this time is not available');
    await whyNot.getByRole('listitem').first().waitFor();
    expect(await whyNot.textContent()).toContain(`${provider.name} is not working for the whole visit at this time.`);
    await saveScreenshot(page, 'why-not');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await whyNot.getByRole('button', { name: 'Find the next free time' }).click();
    const find = dialog(page, FIND);
    expect(await find.getByLabel('Provider').inputValue()).toBe(provider.id);
    await page.keyboard.press('Escape');
    await find.waitFor({ state: 'detached' });
    expect(errors, host.output()).toEqual([]);
  }, 300_000);
});
