/**
 * The renderer's Content Security Policy. Scripts and styles come only from
 * the app's own files; nothing may be framed, embedded or posted anywhere.
 * Main sends it as a header (app:// protocol, web host); index.html carries
 * a meta copy so the page is protected even where no header is added.
 */
export function contentSecurityPolicy(opts: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(opts.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
