/**
 * The week of every provider in Chromium (Debian's, through playwright-core),
 * against the real web host and renderer: 12 providers, open every day, with
 * 16 visits each on each of the 7 days of one week (1,344 visits) and none
 * the week before (built directly: set-up through the clinic services,
 * patients, visits and reminders by SQL).
 *
 * grid.week.render.first — ms from pressing → (next week) on the empty week
 *   to the frame after the week board has drawn the busy week: the range read
 *   over the socket, the week layout, React render, style, layout and paint.
 *   Median of runs. Baseline grid.week.render.empty: the same for ← to the
 *   empty week (same providers, no visits). ratio = busy / empty. Info
 *   commitsPerChange: React commits from the key press to that frame.
 *
 * Floor: 250 ms.
 */
import { join } from 'node:path';
import { addOpeningHours, createAppointmentType, createLocation, createProvider } from '../../src-main/core/clinic';
import { openDatabase } from '../../src-main/core/db/open';
import { newId } from '../../src-main/core/ids';
import { armReminders } from '../../src-main/core/reminders/schedule';
import type { AppointmentId, PatientId, ProviderId } from '../../src-shared/domain/ids';
import { addDays } from '../../src-shared/time';
import { localInstant } from '../helpers/clinic-fixture';
import { addTestStaff } from '../helpers/staff';
import { benchContext, commitCount, openBenchDesks, pressAndTime, waitForShown, type ShownRange } from './desk';
import { median, round, tempDir, type BenchResult } from './lib';

const NOW = new Date('2025-11-24T14:30:00Z'); // Monday 09:30 in New York
const BUSY_WEEK = '2025-11-24';
const EMPTY_WEEK = '2025-11-17';
const PROVIDERS = 12;
const VISITS_PER_DAY = 16;
const RUNS = 7;
const ZONE = 'America/New_York';

function buildWeekDb(file: string): number {
  const db = openDatabase(file);
  const ctx = benchContext(db, NOW);
  let visits = 0;
  db.transaction(() => {
    const location = createLocation(ctx, { name: 'Bench Street', zone: ZONE });
    const providers: ProviderId[] = [];
    for (let i = 0; i < PROVIDERS; i++) {
      const p = createProvider(ctx, { name: `Dr. Provider ${String(i + 1).padStart(2, '0')}`, colour: '#1f77b4', zone: ZONE });
      providers.push(p.id);
      for (let weekday = 1; weekday <= 7; weekday++) {
        addOpeningHours(ctx, { providerId: p.id, locationId: location.id, weekday, startMin: 8 * 60, endMin: 17 * 60, effectiveFrom: '2025-01-01' });
      }
    }
    const colours = ['#2ca02c', '#d62728', '#9467bd', '#17becf'];
    const durations = [30, 20, 30, 15];
    const types = durations.map((durationMin, i) =>
      createAppointmentType(ctx, { name: `Visit type ${i + 1}`, durationMin, colour: colours[i]!, providerIds: providers }),
    );
    const insertPatient = db.prepare(
      `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, name_key, created_at, updated_at)
       VALUES (?, ?, ?, '1980-01-01', NULL, '', ?, 0, 0)`,
    );
    const insertVisit = db.prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, busy_start_at, busy_end_at,
                                 status, cancel_reason, note, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, '', 1, 0, 0)`,
    );
    const statuses = ['booked', 'confirmed', 'confirmed', 'checked_in', 'completed', 'booked', 'no_show', 'cancelled'] as const;
    for (let d = 0; d < 7; d++) {
      const dayStart = localInstant(addDays(BUSY_WEEK, d), '08:00', ZONE);
      providers.forEach((providerId, pi) => {
        for (let v = 0; v < VISITS_PER_DAY; v++) {
          const patientId = newId<PatientId>();
          insertPatient.run(patientId, `Given${d}x${pi}x${v}`, `Family${d}x${pi}x${v}`, `family${d}x${pi}x${v} given${d}x${pi}x${v}`);
          const k = (pi + v + d) % types.length;
          const startAt = dayStart + v * 30 * 60_000;
          const endAt = startAt + durations[k]! * 60_000;
          const status = statuses[(pi * 7 + v + d) % statuses.length]!;
          const id = newId<AppointmentId>();
          insertVisit.run(id, patientId, providerId, location.id, types[k]!.id, startAt, endAt, startAt, endAt, status, status === 'cancelled' ? 'Patient called' : null);
          armReminders(db, id, startAt, [1440, 60], NOW.getTime() - 86_400_000);
          visits++;
        }
      });
    }
  })();
  // Every desk starts locked: a receptionist signs in before the week is shown.
  addTestStaff(ctx);
  db.close();
  return visits;
}

const week = (monday: string): ShownRange => ({ selector: '.wk-board', attribute: 'data-week', value: monday });

export default async function weekBench(): Promise<BenchResult[]> {
  const tmp = tempDir('frontdesk-week-bench-');
  const dbFile = join(tmp.dir, 'week.sqlite');
  const visits = buildWeekDb(dbFile);
  const desks = await openBenchDesks([dbFile], NOW);
  try {
    const page = await desks.openPage(desks.hosts[0]!, { countCommits: true });
    await page.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 120_000 });
    await page.keyboard.press('w');
    await waitForShown(page, week(BUSY_WEEK));
    const cards = await page.locator('.wk-card').count();
    const rows = await page.locator('.wk-row').count();
    const fits = await page.locator('.wk-board').evaluate((el) => el.scrollWidth <= el.clientWidth);

    const renders: number[] = [];
    const emptyRenders: number[] = [];
    const commits: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      emptyRenders.push(await pressAndTime(page, 'ArrowLeft', week(EMPTY_WEEK)));
      const before = await commitCount(page);
      renders.push(await pressAndTime(page, 'ArrowRight', week(BUSY_WEEK)));
      commits.push((await commitCount(page)) - before);
    }
    await page.context().close();
    const render = median(renders.slice(1));
    const renderEmpty = median(emptyRenders.slice(1));
    return [
      { name: 'grid.week.render.empty', value: round(renderEmpty, 1), unit: 'ms', info: { week: EMPTY_WEEK, runs: RUNS } },
      {
        name: 'grid.week.render.first',
        value: round(render, 1),
        unit: 'ms',
        baseline: 'grid.week.render.empty',
        ratio: round(render / renderEmpty, 2),
        info: {
          providers: PROVIDERS,
          days: 7,
          visits,
          rowsShown: rows,
          cardsDrawn: cards,
          allSevenDaysFit: fits,
          viewport: '1366x768',
          floor: 250,
          runs: RUNS,
          veryFirstMs: round(renders[0]!, 1),
          // React commits from the key press to the drawn week (the toolbar's day, "loading", the week).
          commitsPerChange: median(commits.slice(1)),
          maxMs: round(Math.max(...renders), 1),
        },
      },
    ];
  } finally {
    await desks.close();
    tmp.cleanup();
  }
}
