import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../platform/csp';
import { contentTypeOf, resolveRendererFile } from '../platform/renderer-assets';

/** Serves the built renderer with the same CSP the desktop app uses, plus the socket it needs. */
export function serveRendererFile(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { rendererDir: string; socketOrigin: string },
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const file = resolveRendererFile(opts.rendererDir, pathname);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [opts.socketOrigin] }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // The page URL carries the token: keep it out of caches.
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
