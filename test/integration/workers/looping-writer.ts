/**
 * A desk that books one visit after another until it is killed, printing
 * `ack <appointment id>` on stdout after each commit. Whatever it has
 * acknowledged must survive a SIGKILL at any instant.
 *
 * argv: <database file> <first slot index> ; env WRITER_SETUP: JSON ids.
 */
import { book } from '@main/core/booking';
import { openDatabase } from '@main/core/db/open';
import { FixedClock } from '@main/platform/clock';
import { createEventBus } from '@main/core/events';

export interface WriterSetup {
  now: number;
  firstSlotAt: number;
  patientIds: string[];
  providerIds: string[];
  locationId: string;
  typeId: string;
}

const [file, firstIndex] = process.argv.slice(2);
const setup = JSON.parse(process.env.WRITER_SETUP ?? '{}') as WriterSetup;
const db = openDatabase(file!);
const ctx = { db, clock: new FixedClock(setup.now), actor: { user: 'writer', device: `writer-${process.pid}` }, events: createEventBus() };
const SLOT_MS = 30 * 60_000;

for (let k = Number(firstIndex); ; k++) {
  // Providers take turns, so each slot index is a distinct free (provider, time).
  const a = book(ctx, {
    patientId: setup.patientIds[k % setup.patientIds.length]!,
    providerId: setup.providerIds[k % setup.providerIds.length]!,
    locationId: setup.locationId,
    typeId: setup.typeId,
    startAt: setup.firstSlotAt + Math.floor(k / setup.providerIds.length) * SLOT_MS,
  });
  // stdout to a pipe is synchronous on POSIX: once this returns the parent can read it.
  process.stdout.write(`ack ${a.id}\n`);
}
