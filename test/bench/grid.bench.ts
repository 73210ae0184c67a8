/**
 * The calendar grid in Chromium (Debian's, through playwright-core), against
 * the real web host and renderer, on a clinic of 50 providers with 1,500
 * visits on one day (built directly: set-up through the clinic services,
 * patients, visits and reminders by SQL; every other visit with 5 minutes of
 * clean-up drawn as a band; cancelled visits and no-shows as the grid shows
 * them by default, thin markers).
 *
 * grid.render.first — ms from pressing "n" (next day) on an empty day to the
 *   frame after the grid has drawn the busy day: the range read over the
 *   socket, layout, React render, style, layout and paint. Median of runs.
 *   Baseline grid.render.empty: the same for a day with the same 50 columns
 *   and no visits. ratio = render / empty.
 * grid.scroll.p95frame — p95 of the main-thread time per frame (from the
 *   frame's requestAnimationFrame to a task posted from it, which runs after
 *   that frame's style, layout and paint) while the grid scrolls diagonally
 *   a step per frame. Baseline grid.scroll.empty.p95frame: the same scroll
 *   over the empty day. ratio = busy / empty.
 * app.start — ms from navigation to a usable today view (grid ready with its
 *   cards drawn), new browser context each run. Baseline app.start.empty: the
 *   same page on an empty clinic. ratio = start / empty.
 *
 * Floors: 150 ms, 16 ms, 1,500 ms.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addOpeningHours, createAppointmentType, createLocation, createProvider } from '../../src-main/core/clinic';
import { openDatabase } from '../../src-main/core/db/open';
import { newId } from '../../src-main/core/ids';
import { armReminders } from '../../src-main/core/reminders/schedule';
import type { AppointmentId, PatientId, ProviderId } from '../../src-shared/domain/ids';
import type { WebHostProcess } from '../e2e/web-desk';
import { localInstant } from '../helpers/clinic-fixture';
import { addTestStaff } from '../helpers/staff';
import { benchContext, openBenchDesks, pressAndTime, untilInPage, waitForShown, type ShownRange } from './desk';
import { median, percentile, round, tempDir, type BenchResult } from './lib';

const NOW = new Date('2025-11-24T14:30:00Z'); // Monday 09:30 in New York
const BUSY_DAY = '2025-11-24';
const EMPTY_DAY = '2025-11-23';
const PROVIDERS = 50;
const VISITS_PER_PROVIDER = 30;
const RUNS = 7;
const SCROLL_FRAMES = 150;
const ZONE = 'America/New_York';

function buildClinicDb(file: string): { providers: number; visits: number } {
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
        addOpeningHours(ctx, { providerId: p.id, locationId: location.id, weekday, startMin: 7 * 60, endMin: 19 * 60, effectiveFrom: '2025-01-01' });
      }
    }
    const colours = ['#2ca02c', '#d62728', '#9467bd', '#17becf'];
    const types = [20, 15, 20, 10].map((durationMin, i) =>
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
    const dayStart = localInstant(BUSY_DAY, '07:00', ZONE);
    providers.forEach((providerId, pi) => {
      for (let v = 0; v < VISITS_PER_PROVIDER; v++) {
        const patientId = newId<PatientId>();
        insertPatient.run(patientId, `Given${pi}x${v}`, `Family${pi}x${v}`, `family${pi}x${v} given${pi}x${v}`);
        const type = types[(pi + v) % types.length]!;
        const details = { durationMin: [20, 15, 20, 10][(pi + v) % 4]! };
        const startAt = dayStart + v * 24 * 60_000;
        const endAt = startAt + details.durationMin * 60_000;
        // Half the types keep 5 minutes of clean-up: the grid draws those bands too.
        const cleanUpMs = ((pi + v) % 2 === 0 ? 5 : 0) * 60_000;
        const status = statuses[(pi * 7 + v) % statuses.length]!;
        const id = newId<AppointmentId>();
        insertVisit.run(id, patientId, providerId, location.id, type.id, startAt, endAt, startAt, endAt + cleanUpMs, status, status === 'cancelled' ? 'Patient called' : null);
        armReminders(db, id, startAt, [1440, 60], NOW.getTime() - 86_400_000);
        visits++;
      }
    });
  })();
  addTestStaff(ctx);
  db.close();
  return { providers: PROVIDERS, visits };
}

/** An empty clinic (no set-up, no visits) with the same staff. */
function buildEmptyDb(file: string): void {
  const db = openDatabase(file);
  addTestStaff(benchContext(db, NOW));
  db.close();
}

/** Navigation start → the grid is ready and, when `withCards`, has drawn its cards; measured in the page. */
async function startTime(browser: Browser, host: WebHostProcess, withCards: boolean): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(host.url, { waitUntil: 'commit' });
  const t = await untilInPage<number>(
    page,
    `(() => { const g = document.querySelector('.cg-scroll[data-state="ready"]'); return g && (${withCards} ? g.querySelector('.cg-card') !== null : true) ? performance.now() : false; })()`,
  );
  await context.close();
  return t;
}

const day = (date: string): ShownRange => ({ selector: '.cg-scroll', attribute: 'data-date', value: date });

/** Per-frame main-thread time while scrolling a step per frame. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('.cg-scroll');
    el.scrollTo(0, 0);
    const out = [];
    let dy = 37, dx = 23, n = 0;
    const step = () => {
      const t0 = performance.now();
      if (el.scrollTop + dy < 0 || el.scrollTop + dy > el.scrollHeight - el.clientHeight) dy = -dy;
      if (el.scrollLeft + dx < 0 || el.scrollLeft + dx > el.scrollWidth - el.clientWidth) dx = -dx;
      el.scrollTop += dy;
      el.scrollLeft += dx;
      // The virtualizers listen for scroll: they re-render within this frame, as on a real scroll.
      el.dispatchEvent(new Event('scroll'));
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        out.push(performance.now() - t0);
        if (++n < ${SCROLL_FRAMES}) requestAnimationFrame(step);
        else resolve(out);
      };
      ch.port2.postMessage(null);
    };
    requestAnimationFrame(step);
  })`);
}

/** Resolves once the page's main thread is idle: the deferred renders after a day change have run. */
function settled(page: Page): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 }))`);
}

export default async function gridBench(): Promise<BenchResult[]> {
  const tmp = tempDir('frontdesk-grid-bench-');
  const busyDb = join(tmp.dir, 'busy.sqlite');
  const emptyDb = join(tmp.dir, 'empty.sqlite');
  const size = buildClinicDb(busyDb);
  buildEmptyDb(emptyDb);
  const desks = await openBenchDesks([busyDb, emptyDb], NOW);
  const [busyHost, emptyHost] = desks.hosts as [WebHostProcess, WebHostProcess];
  try {
    // app.start: interleaved with its baseline so both see the same machine noise.
    await startTime(desks.browser, busyHost, true); // warm-up: caches, JIT
    await startTime(desks.browser, emptyHost, false);
    const starts: number[] = [];
    const emptyStarts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      starts.push(await startTime(desks.browser, busyHost, true));
      emptyStarts.push(await startTime(desks.browser, emptyHost, false));
    }

    const page = await desks.openPage(busyHost);
    await waitForShown(page, day(BUSY_DAY));
    const cards = await page.locator('.cg-card').count();
    const markers = await page.locator('.cg-marker').count();
    const buffers = await page.locator('.cg-buffer').count();
    const columns = await page.locator('.cg-colhead').count();

    // Render: empty day → busy day (n) is the measurement, busy → empty (p) its baseline.
    await page.keyboard.press('p');
    await waitForShown(page, day(EMPTY_DAY));
    const renders: number[] = [];
    const emptyRenders: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      renders.push(await pressAndTime(page, 'n', day(BUSY_DAY)));
      emptyRenders.push(await pressAndTime(page, 'p', day(EMPTY_DAY)));
    }
    const firstRender = renders[0]!;

    // Scroll: the busy day and the empty day, twice each, alternating.
    const busyFrames: number[] = [];
    const emptyFrames: number[] = [];
    // Each once the day change has settled, so its own work is not counted as scrolling.
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('n');
      await waitForShown(page, day(BUSY_DAY));
      await settled(page);
      busyFrames.push(...(await scrollFrames(page)));
      await page.keyboard.press('p');
      await waitForShown(page, day(EMPTY_DAY));
      await settled(page);
      emptyFrames.push(...(await scrollFrames(page)));
    }
    await page.context().close();

    const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const render = median(renders.slice(1));
    const renderEmpty = median(emptyRenders.slice(1));
    const p95 = percentile(sort(busyFrames), 95);
    const p95Empty = percentile(sort(emptyFrames), 95);
    const start = median(starts);
    const startEmpty = median(emptyStarts);
    const facts = { providers: size.providers, visits: size.visits, columnsShown: columns, cardsDrawn: cards, markersDrawn: markers, buffersDrawn: buffers, viewport: '1366x768' };
    return [
      { name: 'grid.render.empty', value: round(renderEmpty, 1), unit: 'ms', info: { day: EMPTY_DAY, runs: RUNS } },
      {
        name: 'grid.render.first',
        value: round(render, 1),
        unit: 'ms',
        baseline: 'grid.render.empty',
        ratio: round(render / renderEmpty, 2),
        info: { ...facts, floor: 150, runs: RUNS, veryFirstMs: round(firstRender, 1), maxMs: round(Math.max(...renders), 1) },
      },
      { name: 'grid.scroll.empty.p95frame', value: round(p95Empty, 2), unit: 'ms', info: { frames: emptyFrames.length } },
      {
        name: 'grid.scroll.p95frame',
        value: round(p95, 2),
        unit: 'ms',
        baseline: 'grid.scroll.empty.p95frame',
        ratio: round(p95 / p95Empty, 2),
        info: { ...facts, floor: 16, frames: busyFrames.length, medianMs: round(median(busyFrames), 2), maxMs: round(Math.max(...busyFrames), 2) },
      },
      { name: 'app.start.empty', value: round(startEmpty, 1), unit: 'ms', info: { runs: RUNS, clinic: 'empty' } },
      {
        name: 'app.start',
        value: round(start, 1),
        unit: 'ms',
        baseline: 'app.start.empty',
        ratio: round(start / startEmpty, 2),
        info: { ...facts, floor: 1500, runs: RUNS },
      },
    ];
  } finally {
    await desks.close();
    tmp.cleanup();
  }
}
