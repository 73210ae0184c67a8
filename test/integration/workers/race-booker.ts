/**
 * One desk in the booking race: opens the shared database file and, for each
 * round it is told about, waits for the common start instant and tries to
 * book the round's slot. Reports `{ round, ok, id?, code? }` to the parent.
 */
import { book } from '@main/core/booking';
import { openDatabase } from '@main/core/db/open';
import { FixedClock } from '@main/platform/clock';
import { isAppError } from '@shared/domain/errors';
import { createEventBus } from '@main/core/events';

export interface RaceSetup {
  file: string;
  now: number;
  patientId: string;
  providerId: string;
  locationId: string;
  typeId: string;
}
export interface RaceRound {
  round: number;
  startAt: number;
  /** Epoch ms at which every desk fires, so the attempts really collide. */
  fireAt: number;
}
export interface RaceOutcome {
  round: number;
  ok: boolean;
  id?: string;
  code?: string;
}

const setup = JSON.parse(process.env.RACE_SETUP ?? '{}') as RaceSetup;
const db = openDatabase(setup.file, { busyTimeoutMs: 20_000 });
const ctx = { db, clock: new FixedClock(setup.now), actor: { user: 'race', device: `desk-${process.pid}` }, events: createEventBus() };

function attempt(r: RaceRound): RaceOutcome {
  try {
    const a = book(ctx, {
      patientId: setup.patientId,
      providerId: setup.providerId,
      locationId: setup.locationId,
      typeId: setup.typeId,
      startAt: r.startAt,
    });
    return { round: r.round, ok: true, id: a.id };
  } catch (e) {
    return { round: r.round, ok: false, code: isAppError(e) ? e.code : `UNEXPECTED ${String(e)}` };
  }
}

process.on('message', (msg: RaceRound | 'stop') => {
  if (msg === 'stop') {
    db.close();
    process.disconnect();
    return;
  }
  const fire = () => process.send!(attempt(msg));
  // Sleep most of the wait, then spin for the last milliseconds to fire together.
  const wait = msg.fireAt - Date.now();
  setTimeout(
    () => {
      while (Date.now() < msg.fireAt);
      fire();
    },
    Math.max(0, wait - 5),
  );
});
process.send!('ready');
