import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from './csp';
import { contentTypeOf, resolveRendererFile } from './renderer-assets';

/**
 * The renderer is served from `app://frontdesk/` rather than file://: a
 * standard, secure origin of its own (file:// pages can read other files),
 * and every response carries the CSP header.
 */
export const APP_SCHEME = 'app';
const APP_HOST = 'frontdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const csp = contentSecurityPolicy();
  return async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.host !== APP_HOST) return new Response(null, { status: 404 });
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file) return new Response(null, { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
