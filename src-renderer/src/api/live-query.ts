import { createStore, useStore, type StoreApi } from 'zustand';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '@shared/contract';
import type { AppErrorShape } from '@shared/domain/errors';
import { invoke, isAbort, onEvent } from './client';

/**
 * A live query: one channel and its input, read again whenever main pushes an
 * event that can change the answer. Every screen that shows server data reads it
 * through one of these, so the rules live here once:
 * - pushes are debounced (a burst of changes costs one read);
 * - a newer read abandons the older one through its AbortSignal, so an answer
 *   for a day or a search the desk has left never lands;
 * - the last answer stays while the next is read (no flash of an empty screen),
 *   with `dataInput` saying which input it answers;
 * - the state is a small zustand store, so components select from it like any other.
 * Modelled on Actual Budget's `liveQuery`.
 */
type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface QueryState<T, I> {
  data: T | null;
  /** The input `data` answers; differs from `input` while a read for a new input is under way. */
  dataInput: I | null;
  /** What is asked now; null: nothing (the data is cleared). */
  input: I | null;
  status: QueryStatus;
  /** The last read's refusal (the earlier data stays). */
  error: AppErrorShape | null;
  /** Counts answers that landed; end-to-end tests and benchmarks wait on it. */
  answers: number;
}

/** Re-read on this event always (true), or when the payload concerns the current input. */
type RefreshRule<E extends EventName, I> = true | ((payload: EventPayload<E>, input: I) => boolean);

export interface LiveQueryOptions<C extends ChannelName, T> {
  refreshOn?: { [E in EventName]?: RefreshRule<E, ChannelInput<C>> };
  /** How long a push waits for more before the read; default 50 ms. */
  debounceMs?: number;
  /** Shapes the answer for the screens (default: as main sends it). */
  map?: (output: ChannelOutput<C>, input: ChannelInput<C>) => T;
  /** Called with a refusal, e.g. to show it as a toast. */
  onError?: (error: AppErrorShape) => void;
  /** From its first input on, follows its push events for the page's life (what the shell shows all the time). */
  keepFollowing?: boolean;
}

interface SetInputOptions {
  /** Waits this long for a newer input first (typing); the read happens only if none came. */
  wait?: number;
  /** Reads even when the input equals the current one. */
  force?: boolean;
}

export interface LiveQuery<C extends ChannelName, T = ChannelOutput<C>> {
  readonly channel: C;
  readonly store: StoreApi<QueryState<T, ChannelInput<C>>>;
  getState(): QueryState<T, ChannelInput<C>>;
  /**
   * Asks for this input. An input equal to the current one reads nothing (unless forced);
   * null abandons any read and clears the data. Resolves once the read is over or superseded.
   */
  setInput(input: ChannelInput<C> | null, options?: SetInputOptions): Promise<void>;
  /** Reads the current input again soon (debounced): what a push does. */
  refresh(): void;
  /** Reads the current input again now. */
  reload(): Promise<void>;
  /** Applies a change the page already knows (the answer to its own write) until the next read replaces it. */
  patch(update: (data: T) => T): void;
  /**
   * Follows the push events while something shows the query (counted, so several
   * screens can follow one query). Re-reads at once if data is there: pushes were
   * not heard while nothing followed. Returns the function that stops following.
   */
  follow(): () => void;
}

const keyOf = (input: unknown): string => JSON.stringify(input);

export function liveQuery<C extends ChannelName>(channel: C, options?: Omit<LiveQueryOptions<C, ChannelOutput<C>>, 'map'>): LiveQuery<C>;
export function liveQuery<C extends ChannelName, T>(channel: C, options: LiveQueryOptions<C, T> & Required<Pick<LiveQueryOptions<C, T>, 'map'>>): LiveQuery<C, T>;
export function liveQuery<C extends ChannelName, T>(channel: C, options: LiveQueryOptions<C, T | ChannelOutput<C>> = {}): LiveQuery<C, T | ChannelOutput<C>> {
  type I = ChannelInput<C>;
  type D = T | ChannelOutput<C>;
  const debounceMs = options.debounceMs ?? 50;
  const map = options.map ?? ((output: ChannelOutput<C>): D => output);
  const store = createStore<QueryState<D, I>>()(() => ({
    data: null,
    dataInput: null,
    input: null,
    status: 'idle',
    error: null,
    answers: 0,
  }));

  let reading: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Settles the promise of a waited input that a newer one replaced before its read. */
  let settleWaiting: (() => void) | null = null;
  let followers = 0;
  let stopFollowing: (() => void) | null = null;
  let keptFollowing = false;

  const cancelTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    settleWaiting?.();
    settleWaiting = null;
  };

  const read = async (): Promise<void> => {
    cancelTimer();
    const input = store.getState().input;
    reading?.abort();
    reading = null;
    if (input === null) return;
    const mine = new AbortController();
    reading = mine;
    store.setState({ status: 'loading' });
    try {
      const r = await invoke(channel, input, { signal: mine.signal });
      // Aborted after main answered but before this line ran: still someone else's turn.
      if (mine.signal.aborted) return;
      reading = null;
      if (r.ok) {
        store.setState((s) => ({ data: map(r.data, input), dataInput: input, status: 'ready', error: null, answers: s.answers + 1 }));
      } else {
        store.setState({ status: 'error', error: r.error });
        options.onError?.(r.error);
      }
    } catch (e) {
      if (!isAbort(e)) throw e;
    }
  };

  const readAfter = (ms: number): Promise<void> => {
    cancelTimer();
    return new Promise<void>((resolve) => {
      settleWaiting = resolve;
      timer = setTimeout(() => {
        timer = null;
        settleWaiting = null;
        void read().then(resolve);
      }, ms);
    });
  };

  const startFollowing = (): (() => void) => {
    const offs = Object.entries(options.refreshOn ?? {}).map(([event, rule]) =>
      onEvent(event as EventName, (payload) => {
        const input = store.getState().input;
        if (input === null) return;
        const applies = rule === true || (rule as (p: unknown, i: I) => boolean)(payload, input);
        if (applies) query.refresh();
      }),
    );
    return () => offs.forEach((off) => off());
  };

  const query: LiveQuery<C, D> = {
    channel,
    store,
    getState: () => store.getState(),
    setInput(input, { wait, force = false } = {}) {
      const current = store.getState().input;
      if (!force && input !== null && current !== null && keyOf(input) === keyOf(current)) {
        // Same question: a read under way or a landed answer already serves it.
        return Promise.resolve();
      }
      if (input === null) {
        cancelTimer();
        reading?.abort();
        reading = null;
        store.setState({ input: null, data: null, dataInput: null, status: 'idle', error: null });
        return Promise.resolve();
      }
      store.setState({ input });
      if (options.keepFollowing && !keptFollowing) {
        keptFollowing = true;
        query.follow();
      }
      return wait ? readAfter(wait) : read();
    },
    refresh() {
      if (store.getState().input !== null) void readAfter(debounceMs);
    },
    reload: () => read(),
    patch(update) {
      const data = store.getState().data;
      if (data !== null) store.setState({ data: update(data) });
    },
    follow() {
      if (followers++ === 0) {
        stopFollowing = startFollowing();
        if (store.getState().data !== null) query.refresh();
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--followers === 0) {
          stopFollowing?.();
          stopFollowing = null;
        }
      };
    },
  };
  return query;
}

/** Selects from a live query's state in a component, like a zustand store. */
export function useLiveQuery<C extends ChannelName, T, U>(query: LiveQuery<C, T>, select: (state: QueryState<T, ChannelInput<C>>) => U): U {
  return useStore(query.store, select);
}
