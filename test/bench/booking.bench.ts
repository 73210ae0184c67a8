/**
 * booking.throughput — bookings per second through the real booking service
 * on a file database: the full guard (type, provider, patient, hours,
 * provider and room overlap with buffers, room auto-pick, blockouts,
 * external busy time), the appointment row, two reminders, the audit row and
 * the outbox row; the audit row names the booking person and is hash-chained
 * to the device's previous row; each booking its own IMMEDIATE transaction at
 * synchronous=FULL, so every booking pays one WAL fsync.
 *
 * sqlite.insert.baseline — single-row inserts, each its own transaction, on a
 * database opened the same way (openDatabase: WAL, synchronous=FULL),
 * measured in the same run: the cost of one durable commit on this disk.
 * ratio = throughput / baseline.
 *
 * booking.throughput.encrypted — the same bookings on a database encrypted at
 * rest with a workstation key, as the app keeps it; ratio against
 * booking.throughput: what encryption costs a booking.
 *
 * Both run in short interleaved batches and report medians, so that both see
 * the same noise from whatever else the machine is doing.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { book } from '../../src-main/core/booking';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { buildClinic, localInstant, type ClinicFixture } from '../helpers/clinic-fixture';
import { addTestStaff } from '../helpers/staff';
import { median, round, tempDir, type BenchResult } from './lib';

const BATCHES = 12;
const BOOKINGS_PER_BATCH = 400;
const INSERTS_PER_BATCH = 1_500;
const HOUR = 3_600_000;

function baselineBatch(db: WriteDb, n: number, offset: number): number {
  const insert = db.prepare(`INSERT INTO bench_rows (id, payload, at) VALUES (?, ?, ?)`);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) insert.run(`row-${offset + i}`, '{"kind":"baseline"}', offset + i);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/**
 * Books n cleanings (needs a room, 5/10 min buffers): Smith and Jones take
 * turns at each hour, so the second of each pair has to skip the room the
 * first one took.
 */
function bookingBatch(f: ClinicFixture, n: number, offset: number): number {
  const first = localInstant('2025-03-04', '00:00');
  const patients = Object.values(f.patients);
  const providers = [f.providers.smith.id, f.providers.jones.id];
  const t0 = process.hrtime.bigint();
  for (let k = offset; k < offset + n; k++) {
    book(f.ctx, {
      patientId: patients[k % patients.length]!,
      providerId: providers[k % 2]!,
      locationId: f.main.id,
      typeId: f.types.cleaning.id,
      startAt: first + Math.floor(k / 2) * HOUR,
    });
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Bookings made as a signed-in receptionist, as at the desk: every audit row names them. */
function asReceptionist(f: ClinicFixture): ClinicFixture {
  const { reception } = addTestStaff(f.ctx);
  return { ...f, ctx: { ...f.ctx, actor: { user: reception, staffId: reception, device: f.ctx.actor.device } } };
}

/** WAL frames (pages) one commit of `write` adds: what each transaction makes the fsync carry. */
function walPagesPerCommit(db: WriteDb, commits: number, write: (i: number) => void): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < commits; i++) write(i);
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  return round((row?.log ?? NaN) / commits, 1);
}

export default function bookingBench(): BenchResult[] {
  const tmp = tempDir();
  try {
    const baseDb = openDatabase(join(tmp.dir, 'baseline.sqlite'));
    baseDb.exec(`CREATE TABLE bench_rows (id TEXT PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL) STRICT`);
    const bookDb = openDatabase(join(tmp.dir, 'booking.sqlite'));
    const f = asReceptionist(buildClinic(bookDb, { openAllDay: true }));
    const encDb = openDatabase(join(tmp.dir, 'encrypted.sqlite'), { key: randomBytes(32).toString('hex') });
    const fEnc = asReceptionist(buildClinic(encDb, { openAllDay: true }));

    // Warm up both (statement caches, JIT, file growth), then interleave.
    baselineBatch(baseDb, 300, 0);
    bookingBatch(f, 300, 0);
    bookingBatch(fEnc, 300, 0);
    const baseline: number[] = [];
    const booking: number[] = [];
    const encrypted: number[] = [];
    let inserted = 300;
    let booked = 300;
    for (let b = 0; b < BATCHES; b++) {
      baseline.push(baselineBatch(baseDb, INSERTS_PER_BATCH, inserted));
      inserted += INSERTS_PER_BATCH;
      booking.push(bookingBatch(f, BOOKINGS_PER_BATCH, booked));
      encrypted.push(bookingBatch(fEnc, BOOKINGS_PER_BATCH, booked));
      booked += BOOKINGS_PER_BATCH;
    }
    // Few enough commits that no automatic checkpoint runs in between.
    const basePages = walPagesPerCommit(baseDb, 40, (i) => baselineBatch(baseDb, 1, inserted + i));
    const bookPages = walPagesPerCommit(bookDb, 40, (i) => bookingBatch(f, 1, booked + i));
    const sync = bookDb.pragma('synchronous', { simple: true });
    const journal = bookDb.pragma('journal_mode', { simple: true });
    baseDb.close();
    bookDb.close();
    encDb.close();

    const baselinePerS = median(baseline);
    const bookingPerS = median(booking);
    const encryptedPerS = median(encrypted);
    return [
      {
        name: 'sqlite.insert.baseline',
        value: round(baselinePerS, 0),
        unit: 'inserts/s',
        info: { batches: baseline.map((x) => round(x, 0)), walPagesPerCommit: basePages, journal, synchronous: sync },
      },
      {
        name: 'booking.throughput',
        value: round(bookingPerS, 0),
        unit: 'bookings/s',
        baseline: 'sqlite.insert.baseline',
        ratio: round(bookingPerS / baselinePerS, 3),
        info: {
          batches: booking.map((x) => round(x, 0)),
          bookingsPerBatch: BOOKINGS_PER_BATCH,
          walPagesPerCommit: bookPages,
          journal,
          synchronous: sync,
          floor: { value: 2000, ratio: 0.25 },
        },
      },
      {
        name: 'booking.throughput.encrypted',
        value: round(encryptedPerS, 0),
        unit: 'bookings/s',
        baseline: 'booking.throughput',
        ratio: round(encryptedPerS / bookingPerS, 3),
        info: { batches: encrypted.map((x) => round(x, 0)), cipher: 'chacha20 (SQLite3 Multiple Ciphers)' },
      },
    ];
  } finally {
    tmp.cleanup();
  }
}
