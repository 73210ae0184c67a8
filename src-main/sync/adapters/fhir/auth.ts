import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { FhirFailure } from './failure';

/**
 * How the desk signs in to the EHR:
 *
 * - SMART Backend Services: the client-credentials grant with a JWT client
 *   assertion (private_key_jwt) signed by a key made on this desk (ES384, one
 *   of the two algorithms the SMART specification requires servers to
 *   accept). The EHR registers the public half; the private half stays wrapped
 *   in the desk's database. Tokens are kept until shortly before they expire.
 * - A bearer token, or basic auth, for on-premises servers.
 *
 * The assertion's times are real wall-clock times: the EHR checks them
 * against its own clock, so they cannot follow a clock pinned for tests.
 */
const ASSERTION_ALG = 'ES384';
const ASSERTION_LIFETIME_S = 300;
/** A token is renewed this long before the EHR said it expires. */
const TOKEN_MARGIN_MS = 30_000;
const DEFAULT_SCOPE = 'system/Appointment.* system/Patient.read system/Patient.write system/Practitioner.read system/PractitionerRole.read system/Location.read system/Schedule.read system/Slot.read';

export interface ClientKey {
  keyId: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export type EhrCredentials =
  | { kind: 'smart'; clientId: string; tokenUrl: string; scope: string; key: ClientKey | null }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

/** A new signing key pair for this desk; `kid` is the public key's thumbprint (RFC 7638). */
export async function makeClientKey(): Promise<ClientKey> {
  const { publicKey, privateKey } = await generateKeyPair(ASSERTION_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const keyId = await calculateJwkThumbprint(publicJwk);
  return { keyId, publicJwk: { ...publicJwk, kid: keyId, alg: ASSERTION_ALG, use: 'sig' }, privateJwk: await exportJWK(privateKey) };
}

/** The JWKS text a manager gives the EHR when registering this desk. */
export const publicJwksText = (key: ClientKey): string => JSON.stringify({ keys: [key.publicJwk] }, null, 2);

export interface TokenSource {
  /** The Authorization header value. */
  header(signal: AbortSignal): Promise<string>;
  /** The EHR answered 401 to a token: the next request gets a new one. */
  invalidate(): void;
}

interface CachedToken {
  value: string;
  until: number;
}

const elapsed = (): number => performance.now();

export function tokenSource(baseUrl: string, creds: EhrCredentials, fetchFn: typeof fetch = fetch): TokenSource {
  if (creds.kind === 'bearer') return { header: () => Promise.resolve(`Bearer ${creds.token}`), invalidate: () => undefined };
  if (creds.kind === 'basic') {
    const value = `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
    return { header: () => Promise.resolve(value), invalidate: () => undefined };
  }
  let cached: CachedToken | null = null;
  let tokenUrl = creds.tokenUrl;
  return {
    async header(signal) {
      if (cached && cached.until > elapsed()) return `Bearer ${cached.value}`;
      if (!creds.key) throw new FhirFailure('refused', 'This desk has no signing key for the EHR yet. Make one in Sync › EHR and register it with the EHR.');
      if (!tokenUrl) tokenUrl = await discoverTokenUrl(baseUrl, fetchFn, signal);
      cached = await requestToken(tokenUrl, creds.clientId, creds.scope, creds.key, fetchFn, signal);
      return `Bearer ${cached.value}`;
    },
    invalidate() {
      cached = null;
    },
  };
}

/** The token endpoint from the server's SMART configuration (.well-known/smart-configuration). */
async function discoverTokenUrl(baseUrl: string, fetchFn: typeof fetch, signal: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(`${baseUrl}/.well-known/smart-configuration`, { headers: { accept: 'application/json' }, signal });
  } catch {
    throw new FhirFailure('unreachable', 'The EHR cannot be reached right now.');
  }
  const body = (await res.json().catch(() => null)) as { token_endpoint?: unknown } | null;
  if (!res.ok || typeof body?.token_endpoint !== 'string') {
    throw new FhirFailure('refused', 'The EHR does not say where to get a token (no SMART configuration). Enter its token address.', res.status);
  }
  return body.token_endpoint;
}

async function requestToken(tokenUrl: string, clientId: string, scope: string, key: ClientKey, fetchFn: typeof fetch, signal: AbortSignal): Promise<CachedToken> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: ASSERTION_ALG, kid: key.keyId, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .sign(await importJWK(key.privateJwk, ASSERTION_ALG));
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: scope || DEFAULT_SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
  let res: Response;
  const started = elapsed();
  try {
    res = await fetchFn(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal });
  } catch {
    throw new FhirFailure('unreachable', 'The EHR’s sign-in server cannot be reached right now.');
  }
  const body = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
  if (res.status >= 500) throw new FhirFailure('transient', 'The EHR’s sign-in server had a problem. It will be tried again.', res.status);
  if (!res.ok || typeof body?.access_token !== 'string') {
    throw new FhirFailure('refused', 'The EHR refused this desk’s key. Check the client id, and that the EHR has this desk’s public key registered.', res.status);
  }
  const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
  return { value: body.access_token, until: started + Math.max(0, lifetimeS * 1000 - TOKEN_MARGIN_MS) };
}
