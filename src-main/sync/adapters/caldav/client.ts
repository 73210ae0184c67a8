import { deleteObject, fetchCalendarObjects, getBasicAuthHeaders, propfind, updateObject } from 'tsdav';

/**
 * The few CalDAV requests Frontdesk makes, through tsdav's request functions
 * (not its DAVClient: that one discovers accounts first, while the desk is
 * given the calendar collection's address directly). Every request has a
 * timeout and can be aborted when the app quits.
 *
 * tsdav returns failed REPORT/PROPFIND answers as values or throws an Error
 * with the status in its message; so the HTTP status is read from our own
 * fetch wrapper instead, and failures become a `CalendarFailure` with words
 * for the desk (never the server's own text, which may echo a request).
 */
export interface CalendarConnection {
  /** The calendar collection, ending with '/'. */
  url: string;
  username: string;
  password: string;
}

export type CalendarFailureKind =
  /** Network, DNS, timeout, 5xx: try again later; nothing is lost. */
  | 'unreachable'
  /** 401/403: the user name or password (or the account's rights). */
  | 'refused'
  /** 404 on the collection, or the address is not a calendar. */
  | 'not-a-calendar'
  /** The server refused this one object (4xx other than the above). */
  | 'rejected';

export class CalendarFailure extends Error {
  constructor(
    readonly kind: CalendarFailureKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'CalendarFailure';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

function failureMessage(kind: CalendarFailureKind, status: number | null = null): string {
  switch (kind) {
    case 'unreachable':
      return 'The calendar server cannot be reached right now. Visits will be sent when it is back.';
    case 'refused':
      return 'The calendar server refused the user name or password. Check them in Sync › Providers’ calendars.';
    case 'not-a-calendar':
      return 'This address is not a calendar on the server. Check the calendar address.';
    case 'rejected':
      return `The calendar server did not accept this visit${status ? ` (error ${status})` : ''}. It will be tried again.`;
  }
}

function failureOfStatus(status: number): CalendarFailure {
  if (status === 401 || status === 403) return new CalendarFailure('refused', failureMessage('refused'), status);
  if (status === 404 || status === 405) return new CalendarFailure('not-a-calendar', failureMessage('not-a-calendar'), status);
  if (status >= 500 || status === 408 || status === 429) return new CalendarFailure('unreachable', failureMessage('unreachable'), status);
  return new CalendarFailure('rejected', failureMessage('rejected', status), status);
}

/** Turns anything a request threw into a CalendarFailure (network errors and timeouts: unreachable). */
function toCalendarFailure(e: unknown, lastStatus: number | null): CalendarFailure {
  if (e instanceof CalendarFailure) return e;
  if (lastStatus !== null && lastStatus >= 400) return failureOfStatus(lastStatus);
  return new CalendarFailure('unreachable', failureMessage('unreachable'));
}

interface RequestKit {
  headers: Record<string, string>;
  fetchOptions: RequestInit;
  fetch: typeof fetch;
  lastStatus(): number | null;
}

function kit(conn: CalendarConnection, signal?: AbortSignal): RequestKit {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let last: number | null = null;
  return {
    headers: getBasicAuthHeaders({ username: conn.username, password: conn.password }),
    fetchOptions: { signal: combined },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      last = res.status;
      return res;
    },
    lastStatus: () => last,
  };
}

async function guarded<T>(k: RequestKit, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toCalendarFailure(e, k.lastStatus());
  }
}

/** PUT without preconditions: the same visit delivered twice replaces its own object. Returns the new ETag, if any. */
export async function putEvent(conn: CalendarConnection, url: string, ics: string, signal?: AbortSignal): Promise<string | null> {
  const k = kit(conn, signal);
  const res = await guarded(k, () =>
    updateObject({
      url,
      data: ics,
      headers: { ...k.headers, 'content-type': 'text/calendar; charset=utf-8' },
      fetchOptions: k.fetchOptions,
      fetch: k.fetch,
    }),
  );
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw failureOfStatus(res.status);
  return res.headers.get('etag');
}

/** DELETE; an object that is already gone counts as deleted. */
export async function deleteEvent(conn: CalendarConnection, url: string, signal?: AbortSignal): Promise<void> {
  const k = kit(conn, signal);
  const res = await guarded(k, () => deleteObject({ url, headers: k.headers, fetchOptions: k.fetchOptions, fetch: k.fetch }));
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok || res.status === 404 || res.status === 410) return;
  throw failureOfStatus(res.status);
}

export interface CalendarObject {
  url: string;
  data: string;
}

/**
 * The objects with an event in [from, to): a calendar-query REPORT with a
 * time-range filter (the server expands recurrences for the filter; we expand
 * them again ourselves when reading the busy time).
 */
export async function queryEvents(conn: CalendarConnection, from: number, to: number, signal?: AbortSignal): Promise<CalendarObject[]> {
  const k = kit(conn, signal);
  const objects = await guarded(k, () =>
    fetchCalendarObjects({
      calendar: { url: conn.url },
      timeRange: { start: new Date(from).toISOString(), end: new Date(to).toISOString() },
      headers: k.headers,
      // tsdav keeps only hrefs containing ".ics" by default; other clients name objects as they like.
      urlFilter: () => true,
      fetchOptions: k.fetchOptions,
      fetch: k.fetch,
    }),
  );
  // Every answer was 2xx, or tsdav would have thrown: keep what carries calendar data.
  return objects.flatMap((o) => (typeof o.data === 'string' && o.data.length > 0 ? [{ url: o.url, data: o.data }] : []));
}

/** Checks the address is a calendar collection these credentials may read; a CalendarFailure otherwise. */
export async function probeCalendar(conn: CalendarConnection, signal?: AbortSignal): Promise<void> {
  const k = kit(conn, signal);
  const res = await guarded(k, () =>
    propfind({ url: conn.url, props: { 'd:resourcetype': {} }, depth: '0', headers: k.headers, fetchOptions: k.fetchOptions, fetch: k.fetch }),
  );
  const first = res[0];
  if (!first || !first.ok) throw failureOfStatus(first?.status ?? k.lastStatus() ?? 404);
  const type = (first.props as { resourcetype?: Record<string, unknown> } | undefined)?.resourcetype ?? {};
  if (!('calendar' in type)) throw new CalendarFailure('not-a-calendar', failureMessage('not-a-calendar'), first.status ?? null);
}
