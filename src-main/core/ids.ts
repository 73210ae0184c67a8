import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * Random bytes for ids, drawn from the OS 4 KiB at a time: one system call
 * per 256 ids instead of one per id (a booking makes four ids, and the call
 * was a twentieth of a booking's time).
 */
const POOL_BYTES = 16 * 256;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

function random16(): Uint8Array {
  if (used === POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * Time order within a millisecond, as uuid's own v7 keeps it (RFC 9562
 * method 1: a counter seeded from random bits, carried into the next
 * millisecond when it overflows). Ids are not domain time; the wall clock is
 * read for their ordering only.
 */
const state = { msecs: -Infinity, seq: 0 };

/** A new time-ordered UUIDv7, branded as the caller's id type. */
export function newId<T extends string>(): T {
  const random = random16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return uuidv7({ random, msecs: state.msecs, seq: state.seq }) as T;
}
