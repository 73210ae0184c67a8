import { AppError } from '@shared/domain/errors';
import type { EpochMs, ProviderId } from '@shared/domain/ids';
import { BusyArena, prepareProvider, providerWindow, teamWindow, type PreparedProvider } from './availability';
import { fairBefore, type FairnessKey } from './fairness';
import { freeAndBookedTime } from './free-time';
import { gridBlocks, visitFittingStarts } from './grid';
import { OpenTimeBook } from './open-time';
import { RoomPicker } from './rooms';
import { Spans } from './spans';
import { slotRules, type SlotRules } from './rules';
import { fullQuery, type FullAgenda, type Slot, type SlotQuery } from './types';
import { DAY_MS, MINUTE_MS } from './zone-day';

/**
 * Searches run in stretches of time: a week for nextAvailable, so it stops
 * soon after it has enough; four weeks for findSlots, which keeps the
 * per-minute claims of `any` small. Results do not depend on the stretches.
 */
const NEXT_STRETCH_MS = 7 * DAY_MS;
const FIND_STRETCH_MS = 28 * DAY_MS;
/** Minutes per chunk of an `any` search's claims: a week. */
const CLAIM_CHUNK = 7 * 1440;

type Emit = (start: EpochMs, providerIds: ProviderId[], everyone: ProviderId[] | null) => void;
/** Emits the stretch's slots in order; `need` is how many more are wanted (Infinity for all). */
type Stretch = (lo: EpochMs, hi: EpochMs, need: number, emit: Emit) => void;

/** Every bookable slot whose start lies in the query window, ascending by start. */
export function findSlots(query: SlotQuery): Slot[] {
  return search(query, Infinity);
}

/** The first `count` bookable slots from the window's start on: exactly findSlots(query).slice(0, count). */
export function nextAvailable(query: SlotQuery, count: number): Slot[] {
  if (!Number.isInteger(count) || count < 0) throw new AppError('VALIDATION', 'Ask for a whole number of slots.');
  return search(query, count);
}

function search(query: SlotQuery, limit: number): Slot[] {
  const q = fullQuery(query);
  const rules = slotRules(q);
  const lo = Math.max(q.window.start, rules.earliest);
  const hi = Math.min(q.window.end, rules.until);
  const out: Slot[] = [];
  if (!(hi > lo) || limit <= 0) return out;
  const book = new OpenTimeBook(rules.durationMs, rules.roundToMs);
  // Fairness counts booked time in the searched part of the window.
  const fairWindow = { start: q.window.start, end: hi };
  const rooms = rules.needsRoom ? new RoomPicker(q.rooms, rules, { start: lo, end: hi }) : null;
  const emit: Emit = (start, providerIds, everyone) => {
    const roomId = rooms ? rooms.pick(start) : null;
    if (rooms && roomId === null) return;
    const slot: Slot = { start, end: start + rules.durationMs, providerIds, roomId };
    if (everyone) slot.free = { providerIds: everyone, roomIds: rooms ? rooms.allFree(start) : [] };
    out.push(slot);
  };
  if (q.method === 'any') {
    anySearch(q.providers, rules, lo, hi, fairWindow, book, rooms, limit - out.length, emit);
  } else {
    const providers = new Providers(q.providers, rules, { start: lo, end: hi }, fairWindow, book);
    const stretch = teamStretch(providers, rules);
    const stretchMs = limit === Infinity ? FIND_STRETCH_MS : NEXT_STRETCH_MS;
    for (let from = lo; from < hi && out.length < limit; from += stretchMs) {
      stretch(from, Math.min(hi, from + stretchMs), limit - out.length, emit);
    }
  }
  return out.length > limit ? out.slice(0, limit) : out;
}

/** The query's providers, each prepared once, on first use (busy time merged into one shared arena). */
class Providers {
  private readonly prepared: Array<PreparedProvider | undefined>;
  private readonly arena: BusyArena;

  constructor(
    private readonly agendas: readonly FullAgenda[],
    private readonly rules: SlotRules,
    private readonly range: { start: EpochMs; end: EpochMs },
    private readonly window: { start: EpochMs; end: EpochMs },
    readonly book: OpenTimeBook,
  ) {
    this.prepared = agendas.map(() => undefined);
    this.arena = new BusyArena(agendas);
  }

  get count(): number {
    return this.agendas.length;
  }

  get(i: number): PreparedProvider {
    return (this.prepared[i] ??= prepareProvider(
      this.agendas[i]!,
      this.rules,
      this.range,
      this.window,
      this.book,
      this.arena.slice(i),
    ));
  }
}

/** single and collective: every provider open and free together, on the team's grid read in the first provider's zone. */
function teamStretch(team: Providers, rules: SlotRules): Stretch {
  return (lo, hi, _need, emit) => {
    const members = Array.from({ length: team.count }, (_, i) => team.get(i));
    const together = teamWindow(members.map((p) => providerWindow(p, team.book, lo, hi)));
    const grid = gridBlocks(together.blocks, members[0]!.hours.zone, rules.roundToMs, lo, hi);
    const ids = members.map((p) => p.agenda.id);
    visitFittingStarts(grid, together.free, lo, hi, rules.durationMs, rules.stepMs, (start) => emit(start, [...ids], null));
  };
}

/**
 * any: each start goes to the fairest provider who can take it (fairness.ts),
 * each provider on their own grid. Each provider is read once, over the whole
 * search (their booked time in the window decides every pick, so every row
 * must be read anyway): free time and booked time in one pass; then they
 * claim the starts they can take, a fairer provider taking over a claim. A
 * claim per minute (every start is minute-aligned) keeps the merge linear
 * instead of sorting. When only the first `need` slots are wanted, a start
 * later than the need-th one found so far cannot make it any more: later
 * providers look only up to there.
 */
function anySearch(
  agendas: readonly FullAgenda[],
  rules: SlotRules,
  lo: EpochMs,
  hi: EpochMs,
  window: { start: EpochMs; end: EpochMs },
  book: OpenTimeBook,
  rooms: RoomPicker | null,
  need: number,
  emit: Emit,
): void {
  // Locals, not imports, in the per-start loop: transpiled to CommonJS (tsx), every imported binding is a getter call.
  const minute = MINUTE_MS;
  const before = fairBefore;
  const base = Math.floor(lo / minute) * minute;
  const size = Math.ceil((hi - base) / minute);
  // Per minute: 1 + the index of the provider holding its start; 0 while nobody can take it. In
  // week-long chunks, made on the first claim in them: a nearly full schedule needs few.
  const chunks = new Array<Int32Array | undefined>(Math.ceil(size / CLAIM_CHUNK));
  const keys: FairnessKey[] = [];
  const everyone = rules.allFree ? new Map<number, number[]>() : null;
  const earliest = new EarliestStarts(need, hi);
  const free = new Spans();
  const scratch = new Spans();
  let index = 0;
  let key: FairnessKey;
  const claim = (start: EpochMs): void => {
    const k = (start - base) / minute;
    const chunk = (chunks[(k / CLAIM_CHUNK) | 0] ??= new Int32Array(CLAIM_CHUNK));
    const at = k % CLAIM_CHUNK;
    const held = chunk[at]!;
    if (held === 0) {
      chunk[at] = index + 1;
      if (need !== Infinity && (rooms === null || rooms.anyFree(start))) earliest.add(start);
    } else if (before(key, keys[held - 1]!)) {
      chunk[at] = index + 1;
    }
    if (everyone) {
      const list = everyone.get(k);
      if (list) list.push(index);
      else everyone.set(k, [index]);
    }
  };
  for (index = 0; index < agendas.length; index++) {
    const agenda = agendas[index]!;
    const open = book.openTime(book.compile(agenda.hours), lo, hi);
    const bookedMs = freeAndBookedTime(agenda, open.coverage, rules.bufferAfterMs, rules.bufferBeforeMs, window, free, scratch);
    key = { id: agenda.id, bookedMs };
    keys.push(key);
    visitFittingStarts(open.grid, free, lo, earliest.cutoff, rules.durationMs, rules.stepMs, claim);
  }
  const byFairness = (a: number, b: number) => (before(keys[a]!, keys[b]!) ? -1 : before(keys[b]!, keys[a]!) ? 1 : 0);
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c];
    if (chunk === undefined) continue;
    for (let at = 0; at < CLAIM_CHUNK; at++) {
      const holder = chunk[at]!;
      if (holder === 0) continue;
      const k = c * CLAIM_CHUNK + at;
      const all = everyone ? everyone.get(k)!.sort(byFairness).map((i) => keys[i]!.id) : null;
      emit(base + k * minute, [keys[holder - 1]!.id], all);
    }
  }
}

/** The `need` earliest distinct slot starts seen; starts from `cutoff` on can no longer be among them. */
class EarliestStarts {
  private readonly starts: number[] = [];
  cutoff: EpochMs;

  constructor(
    private readonly need: number,
    hi: EpochMs,
  ) {
    this.cutoff = hi;
  }

  /** A start not seen before. */
  add(start: EpochMs): void {
    if (start >= this.cutoff) return;
    let i = this.starts.length;
    while (i > 0 && this.starts[i - 1]! > start) i--;
    this.starts.splice(i, 0, start);
    if (this.starts.length > this.need) this.starts.pop();
    if (this.starts.length === this.need) this.cutoff = this.starts[this.need - 1]! + 1;
  }
}
