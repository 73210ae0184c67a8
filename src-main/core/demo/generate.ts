import type { DemoProgress } from '@shared/domain/app';
import { insertDemoStaff } from './staff';
import type { ScryptCost } from '../staff/verifier';
import { AppError } from '@shared/domain/errors';
import type { Clock } from '../clock';
import { FixedClock } from '../clock';
import { recordAudit } from '../audit/audit';
import { getClinicSettings } from '../clinic';
import type { Actor, CoreContext } from '../context';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { addDays, instantToLocalDate } from '../slots/zone-day';
import { AppointmentWriter } from './appointments';
import { BULK_TABLES, withDeferredIndexes } from './bulk-load';
import { DEMO_LOCATIONS } from './data/clinic';
import { createDayBlockouts } from './blockouts';
import { insertDemoPatients } from './patients';
import { Random } from './random';
import { fillProviderDay, type RoomDay } from './schedule';
import { createDemoSetup, SCALE_TEAMS, type ClinicModel } from './setup';
import { createEventBus } from '../events';

export interface DemoOptions {
  /** "Now": the six weeks are built around its date, statuses relative to it. */
  clock: Clock;
  /** Same seed and same clock → same clinic. */
  seed?: number;
  /** The benchmark clinic: 1,000,000 patients and 500,000 visits over the years. */
  scale?: boolean;
  onProgress?: (progress: DemoProgress) => void;
  /** Recorded on the `demo.generate` audit row. */
  actor?: Actor;
  /** Cost of the demo staff's PIN verifiers (tests use a cheap one). */
  staffCost?: ScryptCost;
}

export interface DemoSummary {
  seed: number;
  scale: boolean;
  /** Local dates (first site's zone) of the first and last day with visits. */
  fromDate: string;
  toDate: string;
  locations: number;
  rooms: number;
  providers: number;
  appointmentTypes: number;
  patients: number;
  appointments: number;
  reminders: number;
  blockouts: number;
}

interface Size {
  patients: number;
  teams: number;
  /** Days before today with visits (at most; scale mode stops at maxAppointments). */
  pastDays: number;
  /** Days from today on with visits. */
  futureDays: number;
  maxAppointments: number;
}

const DEMO_SIZE: Size = { patients: 20_000, teams: 1, pastDays: 21, futureDays: 21, maxAppointments: Infinity };
const SCALE_SIZE: Size = { patients: 1_000_000, teams: SCALE_TEAMS, pastDays: 366 * 10, futureDays: 21, maxAppointments: 500_000 };

const DEFAULT_ACTOR: Actor = { user: 'demo-generator', device: 'demo-generator' };

/**
 * Builds the demo clinic into an empty database, in one transaction: a crash
 * or a cancel leaves the database as empty as it was. Set-up goes through the
 * clinic services; patients, visits and reminders are bulk-inserted. Demo
 * data is not sent upstream, so the set-up services' outbox rows (and their
 * per-item audit rows) are dropped before commit and one `demo.generate`
 * audit row records what was built.
 */
export function generateDemoClinic(db: WriteDb, opts: DemoOptions): DemoSummary {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? false;
  const size = scale ? SCALE_SIZE : DEMO_SIZE;
  const now = opts.clock.now();
  const actor = opts.actor ?? DEFAULT_ACTOR;
  // One pinned instant for everything, so a slow build still makes one consistent clinic.
  // Nobody listens while the demo is built: main opens the finished file afresh.
  const ctx: CoreContext = { db, clock: new FixedClock(now), actor, events: createEventBus() };
  const rng = new Random(seed);
  const progress = (stage: string, done: number, total: number) => opts.onProgress?.({ stage, done, total });

  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  if (scale) db.pragma('cache_size = -524288'); // 512 MiB: random index inserts stay in memory
  try {
    return inWriteTransaction(db, () => {
      assertEmpty(db);
      const auditMark = maxSeq(db, 'audit_log');
      const outboxMark = maxSeq(db, 'outbox');

      progress('Setting up the clinic', 0, 1);
      const today = instantToLocalDate(DEMO_LOCATIONS[0]!.zone, now);
      const model = createDemoSetup(ctx, { today, teams: size.teams, rng: rng.fork() });
      progress('Setting up the clinic', 1, 1);

      const { patients, writer, days } = withDeferredIndexes(
        db,
        BULK_TABLES,
        () => {
          const patients = insertDemoPatients(db, {
            count: size.patients,
            rng: rng.fork(),
            now,
            progressEvery: Math.max(1_000, size.patients / 100),
            onProgress: (done) => progress('Registering patients', done, size.patients),
            onIndexing: () => progress('Indexing patients for search', 0, 1),
          });
          const writer = new AppointmentWriter(db, patients, getClinicSettings(db).reminderOffsetsMin, now, rng.fork());
          const days = scheduleDays(ctx, model, size, now, writer, rng.fork(), progress);
          return { patients, writer, days };
        },
        () => progress('Indexing appointments', 0, 1),
      );

      insertDemoStaff(ctx, opts.staffCost);
      prepared(db, `DELETE FROM outbox WHERE seq > ?`).run(outboxMark);
      prepared(db, `DELETE FROM audit_log WHERE seq > ?`).run(auditMark);
      const summary: DemoSummary = {
        seed,
        scale,
        fromDate: days.first,
        toDate: days.last,
        locations: model.locations.length,
        rooms: model.locations.reduce((n, l) => n + l.rooms.length, 0),
        providers: model.providers.length,
        appointmentTypes: model.types.length,
        patients: patients.ids.length,
        appointments: writer.appointments,
        reminders: writer.reminders,
        blockouts: countRows(db, 'blockouts'),
      };
      recordAudit(db, actor, now, { action: 'demo.generate', entityType: 'clinic', entityId: null, details: { ...summary } });
      progress('Saving', 0, 1);
      return summary;
    });
  } finally {
    if (scale) db.pragma(`cache_size = ${previousCache}`);
  }
}

/**
 * Visits day by day, newest first so the scale clinic's cap cuts off the
 * oldest history. Each site's days follow its own zone's calendar.
 */
function scheduleDays(
  ctx: CoreContext,
  model: ClinicModel,
  size: Size,
  now: number,
  writer: AppointmentWriter,
  rng: Random,
  progress: (stage: string, done: number, total: number) => void,
): { first: string; last: string } {
  const todayOf = new Map(model.locations.map((l) => [l.id, instantToLocalDate(l.zone, now)]));
  const reference = model.locations[0]!;
  const totalDays = size.pastDays + size.futureDays;
  let first = '';
  let last = '';
  for (let offset = size.futureDays - 1, n = 0; offset >= -size.pastDays; offset--, n++) {
    for (const location of model.locations) {
      const date = addDays(todayOf.get(location.id)!, offset);
      const working = model.providers.filter((p) => p.sites.some((s) => s.location.id === location.id));
      const blockouts = createDayBlockouts(ctx, location, date, working, rng);
      const rooms: RoomDay = new Map();
      for (const provider of working) {
        const fill = targetFill(offset, rng);
        for (const slot of fillProviderDay({ provider, location, date, fill, blockouts, rooms, rng })) {
          if (writer.appointments >= size.maxAppointments) break;
          writer.write(slot);
        }
      }
      if (location === reference) {
        first = date;
        if (last === '') last = date;
      }
    }
    if (Number.isFinite(size.maxAppointments)) {
      if (n % 10 === 0) progress('Booking appointments', writer.appointments, size.maxAppointments);
      if (writer.appointments >= size.maxAppointments) break;
    } else {
      progress('Booking appointments', n + 1, totalDays);
    }
  }
  return { first, last };
}

/**
 * How full a provider's day is meant to be: past and near days about 80 %,
 * thinning to about 60 % three weeks out, ±5 %. Cancellations and no-shows
 * take a little off afterwards.
 */
function targetFill(dayOffset: number, rng: Random): number {
  const base = dayOffset <= 2 ? 0.8 : 0.8 - (dayOffset - 2) * 0.011;
  return Math.min(0.9, Math.max(0.5, base + (rng.next() - 0.5) * 0.1));
}

function assertEmpty(db: WriteDb): void {
  if (countRows(db, 'locations') > 0 || countRows(db, 'patients') > 0) {
    throw new AppError('CONFLICT', 'This database already has a clinic. The demo clinic is only built into an empty one.');
  }
}

// One-off reads: plain prepare, so no plucking statement lands in the shared cache.
function maxSeq(db: WriteDb, table: 'audit_log' | 'outbox'): number {
  return db.prepare<[], number>(`SELECT coalesce(max(seq), 0) FROM ${table}`).pluck().get() ?? 0;
}

function countRows(db: WriteDb, table: string): number {
  return db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;
}

