/**
 * waitlist.match.5k — ms to find the open entries that fit one opened time
 * (a 30-minute cancellation with Dr. Smith) among 5,000 open entries of mixed
 * types, providers, days, parts of day and date ranges (core/waitlist
 * matchOpening: one slot search per type, then each entry's wishes tested).
 * Floor 20 ms. Baseline waitlist.match.5k.scan: reading every open entry's
 * row once, in the same run; ratio = match / scan.
 *
 * waitlist.earliest.200 — ms for the Waitlist view's earliest fitting time of
 * 200 open entries (one "everyone free" search per type over the 60-day
 * horizon, shared by all entries). Baseline waitlist.earliest.200.per-entry:
 * the obvious way, one slot search per entry over the same horizon with its
 * own providers, the same wishes applied; ratio = grouped / per-entry.
 *
 * series.book.52 — ms to check and book a weekly series of 52 visits (the
 * check of every visit through the guard, then one transaction booking all
 * 52 with reminders, audit and outbox rows). Floor 200 ms. Baseline
 * series.book.52.singles: the same 52 visits booked one by one, each its own
 * transaction; ratio = series / singles.
 */
import { join } from 'node:path';
import { book } from '../../src-main/core/booking';
import { findSlotsFor } from '../../src-main/core/availability';
import { openDatabase } from '../../src-main/core/db/open';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import { bookSeries, checkSeries } from '../../src-main/core/series';
import { createWaitlistEntry, earliestFits, EARLIEST_HORIZON_DAYS, matchOpening } from '../../src-main/core/waitlist';
import { LocalStarts, wishesMet } from '../../src-main/core/waitlist/matching';
import type { WaitlistRow } from '../../src-main/core/waitlist/rows';
import type { SlotOffer } from '../../src-shared/domain/availability';
import type { ProviderId } from '../../src-shared/domain/ids';
import type { WaitlistPart } from '../../src-shared/domain/waitlist';
import { buildClinic, localInstant, type ClinicFixture } from '../helpers/clinic-fixture';
import { createPatient } from '../../src-main/core/patients';
import { medianMs, round, tempDir, type BenchResult } from './lib';
import { addDays } from '../../src-main/core/slots/zone-day';

const COLUMNS = `id, patient_id, type_id, location_id, provider_ids, weekdays, parts_of_day, earliest_date, latest_date, note, status,
  appointment_id, closed_reason, version, created_at, updated_at`;

function fillWaitlist(f: ClinicFixture, n: number): void {
  const patients = Array.from({ length: 200 }, (_, i) => createPatient(f.ctx, { givenName: `Pat${i}`, familyName: `Wait${i}`, dateOfBirth: '1980-01-01', confirmDuplicate: true }).id);
  const types = [f.types.checkup.id, f.types.cleaning.id, f.types.surgery.id];
  const parts: WaitlistPart[][] = [[], ['morning'], ['afternoon']];
  inWriteTransaction(f.ctx.db, () => {
    for (let i = 0; i < n; i++) {
      const typeId = types[i % 3]!;
      createWaitlistEntry(f.ctx, {
        patientId: patients[i % patients.length]!,
        typeId,
        providerIds: typeId === f.types.surgery.id ? [] : i % 4 === 0 ? [f.providers.jones.id] : i % 4 === 1 ? [f.providers.smith.id, f.providers.jones.id] : [],
        weekdays: i % 5 === 0 ? [] : [1 + (i % 7), 1 + ((i + 2) % 7)],
        partsOfDay: parts[i % 3]!,
        earliestDate: addDays('2025-03-03', i % 20),
        latestDate: i % 6 === 0 ? addDays('2025-03-03', 30 + (i % 40)) : null,
      });
    }
  });
}

function benchMatch(): BenchResult[] {
  const tmp = tempDir();
  try {
    const db = openDatabase(join(tmp.dir, 'bench.sqlite'));
    const f = buildClinic(db, { openAllDay: true });
    fillWaitlist(f, 5_000);
    const opening = { providerId: f.providers.smith.id, locationId: f.main.id, startAt: localInstant('2025-03-12', '10:00'), endAt: localInstant('2025-03-12', '10:30') };
    let fits = 0;
    const match = medianMs(() => (fits = matchOpening(db, f.ctx.clock, opening).length), 15, 3);
    const scanStmt = db.prepare(`SELECT ${COLUMNS} FROM waitlist_entries WHERE status = 'open' ORDER BY created_at, id`);
    const scan = medianMs(() => void scanStmt.all(), 15, 3);
    db.close();
    return [
      { name: 'waitlist.match.5k', value: round(match), unit: 'ms', baseline: 'waitlist.match.5k.scan', ratio: round(match / scan, 2), info: { entries: 5_000, fits, floorMs: 20 } },
      { name: 'waitlist.match.5k.scan', value: round(scan), unit: 'ms' },
    ];
  } finally {
    tmp.cleanup();
  }
}

/** One slot search per entry: what the view would cost without sharing a type's search. */
function earliestPerEntry(f: ClinicFixture, rows: readonly WaitlistRow[]): number {
  const local = new LocalStarts(f.ctx.db);
  const today = '2025-03-03';
  let found = 0;
  for (const row of rows) {
    const wanted = JSON.parse(row.provider_ids) as ProviderId[];
    const fromDate = row.earliest_date > today ? row.earliest_date : today;
    const slots: SlotOffer[] = findSlotsFor(f.ctx.db, f.ctx.clock, {
      typeId: row.type_id,
      who: { kind: 'any', ...(wanted.length > 0 ? { providerIds: wanted } : {}) },
      fromDate,
      toDate: addDays(fromDate, EARLIEST_HORIZON_DAYS - 1),
    }).slots;
    if (slots.some((s) => wishesMet(row, s.locationId, local.of(s)))) found++;
  }
  return found;
}

function benchEarliest(): BenchResult[] {
  const tmp = tempDir();
  try {
    const db = openDatabase(join(tmp.dir, 'bench.sqlite'));
    const f = buildClinic(db);
    fillWaitlist(f, 200);
    const rows = db.prepare(`SELECT ${COLUMNS} FROM waitlist_entries WHERE status = 'open'`).all() as WaitlistRow[];
    let found = 0;
    const grouped = medianMs(() => (found = earliestFits(db, f.ctx.clock, rows).size), 5, 1);
    const perEntry = medianMs(() => void earliestPerEntry(f, rows), 3, 1);
    db.close();
    return [
      { name: 'waitlist.earliest.200', value: round(grouped), unit: 'ms', baseline: 'waitlist.earliest.200.per-entry', ratio: round(grouped / perEntry, 3), info: { entries: 200, withATime: found, horizonDays: EARLIEST_HORIZON_DAYS } },
      { name: 'waitlist.earliest.200.per-entry', value: round(perEntry), unit: 'ms' },
    ];
  } finally {
    tmp.cleanup();
  }
}

const TUESDAY_TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'];

function benchSeries(): BenchResult[] {
  const tmp = tempDir();
  try {
    const db = openDatabase(join(tmp.dir, 'bench.sqlite'));
    const f = buildClinic(db);
    const series: number[] = [];
    const singles: number[] = [];
    // Each round books two half hours of Smith's Tuesdays, one each way, interleaving the two ways.
    for (let round = 0; round < 7; round++) {
      const time = (k: number) => TUESDAY_TIMES[k]!;
      const req = {
        patientId: f.patients.ann,
        providerId: f.providers.smith.id,
        locationId: f.main.id,
        typeId: f.types.checkup.id,
        startAt: localInstant('2025-03-04', time(2 * round)),
        rule: { frequency: 'weekly' as const, interval: 1 },
        end: { kind: 'count' as const, count: 52 },
      };
      const t0 = process.hrtime.bigint();
      const check = checkSeries(f.ctx, req);
      bookSeries(f.ctx, { ...req, occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
      series.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const single = checkSeries(f.ctx, { ...req, startAt: localInstant('2025-03-04', time(2 * round + 1)) });
      const t1 = process.hrtime.bigint();
      for (const o of single.occurrences) {
        book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: o.startAt });
      }
      singles.push(Number(process.hrtime.bigint() - t1) / 1e6);
    }
    db.close();
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return [
      { name: 'series.book.52', value: round(med(series)), unit: 'ms', baseline: 'series.book.52.singles', ratio: round(med(series) / med(singles), 2), info: { visits: 52, floorMs: 200 } },
      { name: 'series.book.52.singles', value: round(med(singles)), unit: 'ms' },
    ];
  } finally {
    tmp.cleanup();
  }
}

export default function waitlistBench(): BenchResult[] {
  return [...benchMatch(), ...benchEarliest(), ...benchSeries()];
}
