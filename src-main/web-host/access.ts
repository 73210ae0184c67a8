import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WEB_HOST_TOKEN_PARAM } from '../../src-shared/ipc/wire';

/** Host names a loopback page may be reached by; anything else is a DNS-rebinding attempt. */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Why a WebSocket upgrade is refused, or null to accept: the token must be in
 * the URL, and a browser's Origin must be this host's own page.
 */
export function upgradeRefusal(req: IncomingMessage, port: number, token: string, socketPath: string): string | null {
  if (!isLoopbackHost(req.headers.host, port)) return '403 Forbidden';
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname !== socketPath) return '404 Not Found';
  if (!tokenMatches(token, url.searchParams.get(WEB_HOST_TOKEN_PARAM))) return '401 Unauthorized';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
    return '403 Forbidden';
  }
  return null;
}
