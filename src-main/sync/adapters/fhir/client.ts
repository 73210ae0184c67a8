import { tokenSource, type EhrCredentials, type TokenSource } from './auth';
import { defaultMessage, FhirFailure, kindOfStatus, outcomeText } from './failure';
import type { FhirBundle, FhirResource } from './resources';

/**
 * The FHIR REST requests the desk makes, with fetch. Every request has a
 * timeout and can be aborted when the app quits; every failure is a
 * FhirFailure (failure.ts) whose kind decides what the desk does.
 */
const REQUEST_TIMEOUT_MS = 15_000;
/** Search pages are followed up to this many resources (a guard against a server that pages forever). */
const MAX_SEARCH_RESULTS = 50_000;

export interface EhrEndpoint {
  baseUrl: string;
  credentials: EhrCredentials;
}

export interface WriteAnswer<T> {
  status: number;
  resource: T | null;
  /** The version the server gave the resource (ETag W/"…", else meta.versionId). */
  versionId: string | null;
}

const FHIR_JSON = 'application/fhir+json';

export class FhirClient {
  private readonly tokens: TokenSource;

  constructor(
    readonly endpoint: EhrEndpoint,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.tokens = tokenSource(endpoint.baseUrl, endpoint.credentials, fetchFn);
  }

  url(path: string): string {
    return path.startsWith('http') ? path : `${this.endpoint.baseUrl}/${path.replace(/^\//, '')}`;
  }

  /** GET /metadata without credentials (servers publish it openly); null when the server has none (404/405/501). */
  async metadata(signal?: AbortSignal): Promise<FhirResource | null> {
    const res = await this.send('GET', 'metadata', { signal, anonymous: true, allow: [404, 405, 501] });
    return res.ok ? ((await res.json().catch(() => null)) as FhirResource | null) : null;
  }

  async read<T extends FhirResource>(type: string, id: string, signal?: AbortSignal): Promise<WriteAnswer<T>> {
    return this.answer<T>(await this.send('GET', `${type}/${encodeURIComponent(id)}`, { signal }));
  }

  /** A search with every page followed (`next` links), up to `limit` resources of the searched type. */
  async search<T extends FhirResource>(type: string, params: URLSearchParams, signal?: AbortSignal, limit = MAX_SEARCH_RESULTS): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = `${type}?${params.toString()}`;
    while (next && out.length < limit) {
      const res = await this.send('GET', next, { signal });
      const bundle = (await res.json().catch(() => null)) as FhirBundle | null;
      if (!bundle || bundle.resourceType !== 'Bundle') throw new FhirFailure('transient', 'The EHR answered a search with something other than a list.', res.status);
      for (const e of bundle.entry ?? []) {
        // Included resources and OperationOutcomes ride along in some servers' pages.
        if (e.resource?.resourceType === type && (e.search?.mode ?? 'match') === 'match') out.push(e.resource as T);
      }
      const link = bundle.link?.find((l) => l.relation === 'next')?.url ?? null;
      next = link && (bundle.entry?.length ?? 0) > 0 ? link : null;
    }
    return out;
  }

  /** POST, optionally conditional (If-None-Exist): 201 created, 200 already there. */
  async create<T extends FhirResource>(resource: T, ifNoneExist: string | null, signal?: AbortSignal): Promise<WriteAnswer<T>> {
    const headers: Record<string, string> = { prefer: 'return=representation' };
    if (ifNoneExist) headers['if-none-exist'] = ifNoneExist;
    return this.answer<T>(await this.send('POST', resource.resourceType, { signal, body: resource, headers }));
  }

  /** PUT with If-Match on the version we last saw (412 when the EHR changed it meanwhile). */
  async update<T extends FhirResource & { id: string }>(resource: T, versionId: string | null, signal?: AbortSignal): Promise<WriteAnswer<T>> {
    const headers: Record<string, string> = { prefer: 'return=representation' };
    if (versionId) headers['if-match'] = `W/"${versionId}"`;
    return this.answer<T>(await this.send('PUT', `${resource.resourceType}/${encodeURIComponent(resource.id)}`, { signal, body: resource, headers }));
  }

  private async answer<T>(res: Response): Promise<WriteAnswer<T>> {
    const resource = (await res.json().catch(() => null)) as (T & { meta?: { versionId?: string } }) | null;
    const etag = res.headers.get('etag');
    const fromTag = etag ? /^(?:W\/)?"?([^"]*)"?$/.exec(etag)?.[1] ?? null : null;
    return { status: res.status, resource, versionId: fromTag || resource?.meta?.versionId || null };
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    opts: { signal?: AbortSignal | undefined; body?: unknown; headers?: Record<string, string>; anonymous?: boolean; allow?: number[] },
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      const headers: Record<string, string> = { accept: FHIR_JSON, ...opts.headers };
      if (!opts.anonymous) headers.authorization = await this.tokens.header(signal);
      if (opts.body !== undefined) headers['content-type'] = `${FHIR_JSON}; charset=utf-8`;
      let res: Response;
      try {
        res = await this.fetchFn(this.url(path), { method, headers, signal, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        // A request that started and timed out may have been applied: the visit counts it, unlike a refused connection.
        if (timeout.aborted) throw new FhirFailure('transient', defaultMessage('transient', null));
        throw new FhirFailure('unreachable', defaultMessage('unreachable', null));
      }
      if (res.ok || opts.allow?.includes(res.status)) return res;
      // A SMART token the EHR no longer honours: one fresh token, one more try.
      if (res.status === 401 && attempt === 0 && this.endpoint.credentials.kind === 'smart') {
        await res.arrayBuffer().catch(() => undefined);
        this.tokens.invalidate();
        continue;
      }
      const kind = kindOfStatus(res.status);
      const text = outcomeText(await res.json().catch(() => null));
      // The desk's own words; the EHR's (which may echo what was sent) ride along for conflicts only.
      throw new FhirFailure(kind, defaultMessage(kind, res.status), res.status, text);
    }
  }
}
