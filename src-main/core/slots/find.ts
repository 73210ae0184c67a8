import { AppError } from '../../../src-shared/domain/errors';
import type { EpochMs, ProviderId } from '../../../src-shared/domain/ids';
import { BusyArena, prepareProvider, providerWindow, teamWindow, type PreparedProvider } from './availability';
import { fairOrder } from './fairness';
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
  const providers = new Providers(q.providers, rules, { start: lo, end: hi }, fairWindow, book);
  const rooms = rules.needsRoom ? new RoomPicker(q.rooms, rules, { start: lo, end: hi }) : null;
  const emit: Emit = (start, providerIds, everyone) => {
    const roomId = rooms ? rooms.pick(start) : null;
    if (rooms && roomId === null) return;
    const slot: Slot = { start, end: start + rules.durationMs, providerIds, roomId };
    if (everyone) slot.free = { providerIds: everyone, roomIds: rooms ? rooms.allFree(start) : [] };
    out.push(slot);
  };
  const stretch = q.method === 'any' ? anyProviderStretch(providers, rules, rooms) : teamStretch(providers, rules);
  const stretchMs = limit === Infinity ? FIND_STRETCH_MS : NEXT_STRETCH_MS;
  for (let from = lo; from < hi && out.length < limit; from += stretchMs) {
    stretch(from, Math.min(hi, from + stretchMs), limit - out.length, emit);
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

  /** Every provider, fairest first (fairness.ts). */
  inFairOrder(): PreparedProvider[] {
    const all = Array.from({ length: this.count }, (_, i) => this.get(i));
    return fairOrder(all).map((i) => all[i]!);
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
 * any: each start goes to the fairest provider who can take it, each provider
 * on their own grid. Providers are visited fairest first, so the first to
 * claim a start keeps it. A claim per minute of the stretch (every start is
 * minute-aligned) keeps the merge linear instead of sorting. When only the
 * first `need` slots are wanted, a start later than the need-th one found so
 * far cannot make it any more: later providers are searched only up to there.
 */
function anyProviderStretch(providers: Providers, rules: SlotRules, rooms: RoomPicker | null): Stretch {
  const order = providers.inFairOrder();
  // Locals, not imports, in the per-start loop: transpiled to CommonJS (tsx), every imported binding is a getter call.
  const minute = MINUTE_MS;
  return (lo, hi, need, emit) => {
    const base = Math.floor(lo / minute) * minute;
    const size = Math.ceil((hi - base) / minute);
    // 1 + the claimer's place in `order`; 0 while nobody has claimed the minute.
    const claims = new Int32Array(size);
    const everyone = rules.allFree ? new Array<ProviderId[] | undefined>(size) : null;
    const free = new Spans();
    const earliest = new EarliestStarts(need, hi);
    let rank = 0;
    let id = order[0]!.id;
    const claim = (start: EpochMs): void => {
      const k = (start - base) / minute;
      if (claims[k] === 0) {
        claims[k] = rank;
        if (need !== Infinity && (rooms === null || rooms.anyFree(start))) earliest.add(start);
      }
      if (everyone) (everyone[k] ??= []).push(id);
    };
    for (let r = 0; r < order.length; r++) {
      const p = order[r]!;
      rank = r + 1;
      id = p.id;
      const w = providerWindow(p, providers.book, lo, hi, free);
      visitFittingStarts(w.open.grid, w.free, lo, earliest.cutoff, rules.durationMs, rules.stepMs, claim);
    }
    for (let k = 0; k < size; k++) {
      const holder = claims[k]!;
      if (holder !== 0) emit(base + k * minute, [order[holder - 1]!.id], everyone ? everyone[k]! : null);
    }
  };
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
